import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../shared/build-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { runOperation } from '../../electron/core/build/run-operation.js';
import { corpusRoot } from '../compat/corpus.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { fixtureFiles, macroCases } from './dbt-utils-macro-cases.js';

const packagesDir = path.join(corpusRoot, 'packages');
const macrosDir = path.join(packagesDir, 'dbt_utils/macros');

/** Every macro X of dbt_utils with a `default__X` or `duckdb__X`, and the generic tests among them. */
async function dispatchedMacros(): Promise<{ all: string[]; genericTests: Map<string, string> }> {
  const files = (await readdir(macrosDir, { recursive: true })).filter((f) => f.endsWith('.sql'));
  const all = new Set<string>();
  const genericTests = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(path.join(macrosDir, file), 'utf8');
    for (const m of text.matchAll(/\{%-?\s*macro\s+(?:default|duckdb)__(\w+)/g)) all.add(m[1] as string);
    // `{% test X %}` (and the older `{% macro test_X %}`) dispatch to `default__test_X`.
    for (const m of text.matchAll(/\{%-?\s*(?:test\s+(\w+)|macro\s+test_(\w+))/g)) genericTests.set(`test_${m[1] ?? m[2]}`, file);
  }
  return { all: [...all].sort(), genericTests };
}

const { all, genericTests } = await dispatchedMacros();

/** Macros left out on purpose, each with the reason. */
const excluded = new Map([...genericTests].map(([name, file]) => [name, `the implementation of a generic test (${file}): it runs as a data test, not as a call (package-tests.test.ts and dbt-utils-more-generic-tests.test.ts run them all)`]));

describe('every dbt_utils 1.3.3 macro with a default__ or duckdb__ implementation renders and runs on DuckDB', () => {
  it('has a case here, or a reason to be left out', () => {
    expect(all.length).toBeGreaterThan(excluded.size);
    expect(all.filter((name) => !excluded.has(name))).toEqual(Object.keys(macroCases).sort());
    expect([...excluded.keys()].every((name) => all.includes(name))).toBe(true);
  });

  let root: string;
  let summary: BuildSummary;
  beforeAll(async () => {
    const calls = Object.fromEntries(Object.entries(macroCases).map(([macro, c]) => [`models/call_${macro}.sql`, c.model]));
    root = await writeTempProject({
      'dbt_project.yml': `name: shop\npackages-install-path: ${JSON.stringify(packagesDir)}\nmodels:\n  shop:\n    +materialized: table\n`,
      ...fixtureFiles,
      ...calls,
    });
    summary = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  }, 180_000);

  it.each(Object.entries(macroCases))('%s', async (macro, c) => {
    const node = summary.nodes.find((n) => n.node === `call_${macro}`);
    if (c.error) {
      expect(node?.status).toBe('failed');
      expect(node?.error).toMatch(c.error);
      return;
    }
    expect({ status: node?.status, error: node?.error }).toEqual({ status: 'built', error: undefined });
    expect(await queryEnv(root, 'local', c.query ?? `select * from call_${macro}`)).toEqual(c.rows);
  });

  it('log_info logs the message after the time, as run-operation shows it', async () => {
    const { logs } = await runOperation({ projectRoot: root, macro: 'dbt_utils.log_info', args: { message: 'hello' } });
    expect(logs).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d \+ hello$/)]);
  });
});
