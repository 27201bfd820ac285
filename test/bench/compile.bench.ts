/**
 * `npm run bench -- compile`: a generated project of 1,000 models, each calling two project macros,
 * dbt's cross-database macros and macros of the real dbt_utils and dbt_date packages (read in place
 * from ../shared/dbt-corpus, with dbt_expectations installed beside them), loaded and compiled cold,
 * then compiled again after one model file changed. The baseline is what any compile costs first:
 * loading the project (reading and parsing every file and YAML) without rendering a template.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { corpusRoot } from '../compat/corpus.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { median, timed, type BenchResult } from './bench-result.js';

const MODELS = 1000;

export function generatedProject(): Record<string, string> {
  const files: Record<string, string> = {
    'dbt_project.yml': `name: big\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\nmodels:\n  big:\n    +materialized: view\n`,
    'macros/cents.sql': "{% macro cents_to_dollars(column, scale=2) %}round({{ column }} / 100, {{ scale }}){% endmacro %}\n{% macro safe_label(column) %}coalesce(cast({{ column }} as {{ dbt.type_string() }}), 'unknown'){% endmacro %}",
    'models/m0000.sql': 'select 1 as id, 100 as amount_cents, current_date as created_at',
  };
  for (let i = 1; i < MODELS; i++) {
    const parent = `m${String(Math.floor((i - 1) / 2)).padStart(4, '0')}`;
    files[`models/layer${i % 10}/m${String(i).padStart(4, '0')}.sql`] = [
      `{{ config(tags=['layer${i % 10}']) }}`,
      'select',
      '  id,',
      "  {{ cents_to_dollars('amount_cents') }} as amount,",
      "  {{ safe_label('id') }} as label,",
      "  {{ dbt.date_trunc('month', 'created_at') }} as month,",
      "  {{ dbt.dateadd('day', 7, 'created_at') }} as due,",
      "  {{ dbt.concat(['id', \"'-'\", 'amount_cents']) }} as code,",
      "  {{ dbt_utils.generate_surrogate_key(['id', 'amount_cents']) }} as row_key,",
      "  {{ dbt_date.day_of_week('created_at') }} as weekday,",
      '  amount_cents, created_at',
      `from {{ ref('${parent}') }}`,
      '{% if var("only_recent", false) %}where created_at > current_date - 30{% endif %}',
    ].join('\n');
  }
  return files;
}

async function loadOrThrow(root: string) {
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.project;
}

export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject(generatedProject());
  const load = await median(5, () => loadOrThrow(root), true);
  const cold = await timed(async () => compileProject(await loadOrThrow(root)));
  const errors = cold.value.compiled.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`the generated project does not compile: ${errors[0]?.message}`);
  const warmCold = await median(3, async () => compileProject(await loadOrThrow(root)));
  const edited = path.join(root, 'models/layer7/m0777.sql');
  let n = 0;
  const reload = await median(5, async () => {
    n += 1;
    await writeFile(edited, `select ${n} as id, 100 as amount_cents, current_date as created_at`);
    return compileProject(await loadOrThrow(root));
  });
  // What an incremental loader hands the compiler: the loaded project with one model's text changed.
  const loaded = await loadOrThrow(root);
  const model = loaded.nodes.get('m0777');
  const recompile = await median(9, async () => {
    n += 1;
    if (model?.kind === 'model') model.rawSql = `select ${n} as id, 100 as amount_cents, current_date as created_at`;
    return compileProject(loaded);
  });
  return [
    { scenario: `compile ${MODELS} models cold (load + compile, first in the process)`, ms: cold.ms, baseline: { name: 'load only', ms: load }, goal: 'under 2000 ms', met: cold.ms < 2000 },
    { scenario: `compile ${MODELS} models again (load + compile, parsed templates and renders remembered)`, ms: warmCold, baseline: { name: 'load only', ms: load } },
    { scenario: 'reload and compile after one model file changed', ms: reload, baseline: { name: 'load only', ms: load } },
    { scenario: 'compile after one model changed (project already loaded)', ms: recompile, baseline: { name: 'load only', ms: load }, goal: 'under 100 ms', met: recompile < 100 },
  ];
}
