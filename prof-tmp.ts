import { buildEnvironment } from './electron/core/build/build-environment.js';
import { prepareProject } from './electron/core/build/prepare-project.js';
import { runTests } from './electron/core/tests/run-tests.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { minimalProject, writeTempProject } from './test/helpers/temp-project.js';
const numeric = Array.from({ length: 10 }, (_, i) => `n${i}`);
const categorical = Array.from({ length: 10 }, (_, i) => `c${i}`);
function wideModel(rows: number): string {
  const n = numeric.map((c, i) => `(hash(range, ${i}) % 1000)::INTEGER AS ${c}`);
  const c = categorical.map((col, i) => `['a', 'b', 'c', 'd', 'e'][((hash(range, ${i + 100}) % 5) + 1)::BIGINT] AS ${col}`);
  return `{{ config(materialized='table') }}\nSELECT range AS id, ${[...n, ...c].join(', ')} FROM range(${rows})`;
}
function schemaWith100Tests(): string {
  const lines = ['models:', '  - name: wide', '    columns:', '      - name: id', '        tests: [unique, not_null]'];
  for (const col of numeric) lines.push(`      - name: ${col}`, '        tests:', '          - not_null', `          - not_null: {where: "${col} > 10"}`, '          - range: {min: 0, max: 999}', '          - range: {min: 0, max: 500, severity: warn}', '          - range: {min: 100}');
  for (const col of categorical) lines.push(`      - name: ${col}`, '        tests:', '          - not_null', `          - not_null: {where: "${col} <> 'a'"}`, "          - accepted_values: {values: ['a', 'b', 'c', 'd', 'e']}", "          - accepted_values: {values: ['a', 'b'], severity: warn}", "          - accepted_values: {values: ['c', 'd', 'e', 'f']}");
  return `${lines.join('\n')}\n`;
}
let root = existsSync('/tmp/tb-root') ? readFileSync('/tmp/tb-root', 'utf8') : '';
if (!root) {
  root = await writeTempProject({ ...minimalProject, 'models/wide.sql': wideModel(10_000_000), 'models/schema.yml': schemaWith100Tests() });
  await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  writeFileSync('/tmp/tb-root', root);
}
const { compiled, renderer, project } = await prepareProject(root, root);
for (let i = 0; i < 4; i++) {
  const s = performance.now();
  const r = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests: project.tests, sampleSize: 5, cache: false });
  console.log('runTests', (performance.now() - s).toFixed(0), r.length, r.filter(x => x.status !== 'pass').length);
}
