import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DashboardPreview, ParameterValue, PublishedEngine, PublishManifest } from '../../../../shared/dashboard-types.js';
import type { Signoff } from '../../../../shared/release-types.js';
import { identifyReport } from '../../release/report-identity.js';
import { listSignoffs } from '../../release/signoff.js';
import type { RequeryData } from './requery-data.js';

export interface ReleaseRecord {
  commit: string | null;
  branch: string | null;
  env: string;
  /** The warehouse target the gate tested and the queries ran on, if any. */
  target?: string;
  reportSha256: string | null;
  reportFile: string | null;
  signoff: Signoff | null;
}

/**
 * What a publish stands on: the commit's sign-off when there is one (its report's SHA-256 is the
 * one the reviewer approved), else the test report the release gate has just written.
 */
export async function releaseRecord(projectRoot: string, commit: string | null, branch: string | null, env: string, reportFile: string): Promise<ReleaseRecord> {
  const listed = commit ? await listSignoffs(projectRoot, commit) : null;
  const signoff = listed?.ok ? (listed.signoffs.at(-1) ?? null) : null;
  if (signoff) return { commit, branch, env, reportSha256: signoff.report_sha256, reportFile: signoff.report_file, signoff };
  const report = await identifyReport(reportFile).catch(() => null);
  return { commit, branch, env, reportSha256: report?.sha256 ?? null, reportFile: report ? path.relative(projectRoot, reportFile) : null, signoff: null };
}

/** `engine`: the shared DuckDB-Wasm folder the page loads to re-query (null when it does not). */
export function publishManifest(preview: DashboardPreview, record: ReleaseRecord, publishedAt: string, requery: RequeryData, engine: PublishedEngine | null = null): PublishManifest {
  const parameters: Record<string, ParameterValue> = Object.fromEntries(preview.parameters.map((p) => [p.name, p.value]));
  return {
    dashboard: preview.name,
    title: preview.title,
    commit: record.commit,
    branch: record.branch,
    env: record.env,
    ...(record.target ? { target: record.target } : {}),
    published_at: publishedAt,
    report_sha256: record.reportSha256,
    report_file: record.reportFile,
    signoff: record.signoff,
    parameters,
    elements: preview.elements.map((e) => ({
      name: e.name, title: e.title, rows: e.rows.length, truncated: e.truncated, error: e.error,
      data_sha256: sha256(JSON.stringify(e.rows)),
      tests: e.tests.map((t) => ({ id: t.id, status: t.status })),
    })),
    requery: requery.ok
      ? { enabled: true, reason: null, tables: requery.tables.map((t) => ({ relation: t.relation, file: `data/${t.file}`, sha256: sha256(t.bytes) })), ...(engine ? { engine } : {}) }
      : { enabled: false, reason: requery.reason, tables: [] },
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
