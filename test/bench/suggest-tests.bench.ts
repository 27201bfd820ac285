import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { suggestTests } from '../../electron/core/suggest/suggest-tests.js';
import { withEnvironment } from '../../electron/core/env/environment-reader.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { benchRows } from './bench-project.js';
import { median, type BenchResult } from './bench-result.js';

/** 20 columns: a key, integers, doubles, low- and high-cardinality text, dates and a flag. */
const columns = [
  'range AS id',
  ...Array.from({ length: 7 }, (_, i) => `(hash(range, ${i}) % 1000)::INTEGER AS n${i}`),
  ...Array.from({ length: 3 }, (_, i) => `(hash(range, ${i + 10}) % 100000) / 100.0 AS d${i}`),
  ...Array.from({ length: 5 }, (_, i) => `['a', 'b', 'c', 'd', 'e'][((hash(range, ${i + 20}) % 5) + 1)::BIGINT] AS c${i}`),
  "'customer ' || (hash(range, 30) % 1000000)::VARCHAR AS name",
  "DATE '2023-01-01' + (range % 730)::INTEGER AS day",
  "DATE '2023-01-01' + (hash(range, 31) % 730)::INTEGER AS shipped",
  'hash(range, 32) % 2 = 0 AS flag',
];
const names = columns.map((c) => c.split(' AS ').at(-1) as string);

/**
 * Profiling a 10M-row x 20-column model for suggestions (`suggestTests`: the profile's two reads, the
 * leading rows' counts, and the proposals) against one bare read of every
 * column (a hash of each row's 20 values, summed): the goal is at most two scans' worth.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject({ ...minimalProject, 'models/wide.sql': `{{ config(materialized='table') }}\nSELECT ${columns.join(', ')} FROM range(${benchRows})` });
  const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  if (built.status !== 'ok') throw new Error(`bench model did not build: ${built.nodes.map((n) => n.error).join('; ')}`);
  const { compiled } = await prepareProject(root, root);

  const bare = () => withEnvironment(root, 'local', async ({ conn }) => {
    const result = await conn.query(`SELECT count(*), sum(hash(${names.join(', ')})) FROM wide`);
    if (!result.ok) throw new Error(result.error);
  });
  const summarize = () => withEnvironment(root, 'local', async ({ conn }) => {
    const result = await conn.query('SUMMARIZE wide');
    if (!result.ok) throw new Error(result.error);
  });
  const keyCheck = () => withEnvironment(root, 'local', async ({ conn }) => {
    const result = await conn.query('SELECT count(DISTINCT id) FROM wide');
    if (!result.ok) throw new Error(result.error);
  });
  const suggest = () => suggestTests({ compiled, projectRoot: root, env: 'local', model: 'wide' });

  const suggested = await suggest();
  process.stderr.write(`suggestions: ${suggested.suggestions.length} (${suggested.suggestions.map((s) => s.id).join(', ')}); scans: ${suggested.profile.scans}\n`);
  const baseline = await median(3, bare, true);
  const suggesting = await median(3, suggest, true);
  const summarizing = await median(3, summarize, true);
  const keyChecking = await median(3, keyCheck, true);
  return [{
    scenario: `suggest tests on ${benchRows.toLocaleString('en-US')} rows x ${names.length} columns`,
    ms: suggesting,
    baseline: { name: 'one bare scan of every column', ms: baseline },
    goal: 'at most 2 scans (ratio >= 0.5x)',
    met: suggesting <= 2 * baseline,
    extra: { scans: suggested.profile.scans, suggestions: suggested.suggestions.length, 'exact distinct count of the key alone, ms': Math.round(keyChecking), 'SUMMARIZE ms': Math.round(summarizing) },
  }];
}
