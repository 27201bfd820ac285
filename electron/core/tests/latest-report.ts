import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestRunReport } from '../../../shared/test-types.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';

/** The last test run of each environment, as JSON: what the release gate reads. */
export async function saveLatestReport(reportsDir: string, report: TestRunReport): Promise<void> {
  const file = latestReportFile(reportsDir, report.env);
  await writeFileAtomically(file, JSON.stringify(report));
}

/** The environment's last run (on a warehouse target: the last run there, `assay test --target`). */
export async function readLatestReport(reportsDir: string, env: string, target?: string): Promise<TestRunReport | null> {
  try {
    return JSON.parse(await readFile(latestReportFile(reportsDir, env, target), 'utf8')) as TestRunReport;
  } catch {
    return null;
  }
}

/** `<env>.latest.json`; a run on a warehouse target keeps its own, `<env>@<target>.latest.json`. */
export function latestReportFile(reportsDir: string, env: string, target?: string): string {
  return path.join(reportsDir, `${env}${target ? `@${target}` : ''}.latest.json`);
}
