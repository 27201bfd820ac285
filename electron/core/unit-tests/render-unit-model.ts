import type { ProjectError } from '../../../shared/project-types.js';
import { projectRuntimeOptions } from '../compile/compile-project.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { Relation } from '../dbt/context/relation.js';
import { DbtRuntime } from '../dbt/dbt-runtime.js';
import type { ModelNode, Project } from '../project/project.js';
import type { UnitTestSpec } from './unit-test-spec.js';

/** How a given's input is keyed: `ref:orders`, `source:shop.raw`, `this`. */
export function inputKey(target: UnitTestSpec['given'][number]['target']): string {
  switch (target.kind) {
    case 'ref':
      return `ref:${target.name}`;
    case 'source':
      return `source:${target.source}.${target.table}`;
    case 'this':
      return 'this';
  }
}

export type UnitRender =
  | { ok: true; sql: string; isIncremental: boolean; read: Set<string>; missing: string[]; thisMissing: boolean }
  | { ok: false; error: ProjectError };

const THIS_NOT_GIVEN = '"__assay_this_not_given"';

/**
 * The project's dbt runtime with a unit test's overrides: its vars win over the project's and
 * `--vars`, its env_vars over the environment, and each overridden macro returns the given value.
 * Runtimes are kept per set of overrides: most tests have none and share one.
 */
export class UnitTestRuntimes {
  private readonly runtimes = new Map<string, DbtRuntime>();

  constructor(private readonly project: Project) {}

  runtimeFor(overrides: UnitTestSpec['overrides']): DbtRuntime {
    const macros = Object.entries(overrides.macros).filter(([name]) => name !== 'is_incremental');
    const key = JSON.stringify([overrides.vars, overrides.env_vars, macros]);
    let runtime = this.runtimes.get(key);
    if (!runtime) {
      const options = projectRuntimeOptions(this.project);
      const text = macros.map(([name, value]) => overridingMacro(name.slice(name.lastIndexOf('.') + 1), value)).join('\n');
      runtime = new DbtRuntime({
        ...options,
        cliVars: { ...options.cliVars, ...overrides.vars },
        env: { ...process.env, ...overrides.env_vars },
        macros: text ? [...options.macros, { file: '(unit test overrides)', text }] : options.macros,
      });
      this.runtimes.set(key, runtime);
    }
    return runtime;
  }
}

/** `{% macro name() %}` returning the value, whatever it is called with (dbt's macro overrides). */
function overridingMacro(name: string, value: unknown): string {
  return `{% macro ${name}() %}{%- set _args = varargs -%}{%- set _kwargs = kwargs -%}{{ return(${pythonLiteral(value)}) }}{% endmacro %}`;
}

function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * Renders the model as dbt does for a unit test: each `ref()`/`source()` reads its given's fixture
 * table, `this` the `input: this` given, `is_incremental()` as overridden. Inputs with no given are
 * collected (the render goes on, so every one is named at once).
 */
export function renderUnitModel(runtime: DbtRuntime, node: CompiledNode, fixtures: Map<string, string>, spec: UnitTestSpec): UnitRender {
  const model = node.source as ModelNode;
  const read = new Set<string>();
  const missing: string[] = [];
  const relation = (key: string, shown: string, type: 'table' | 'external', parts: { schema: string; identifier: string }) => {
    read.add(key);
    const fixture = fixtures.get(key);
    if (fixture === undefined && !missing.includes(shown)) missing.push(shown);
    return new Relation({ ...parts, type }, fixture ?? `"__assay_no_given"`);
  };
  const isIncremental = spec.overrides.macros.is_incremental === true;
  const thisText = fixtures.get('this') ?? THIS_NOT_GIVEN;
  const outcome = runtime.render({
    file: model.location.file,
    template: model.rawSql,
    name: model.name,
    packageName: model.package,
    resourceType: 'model',
    config: { ...node.config.extra, materialized: node.materialization, alias: node.config.alias, tags: node.config.tags, meta: node.config.meta, unique_key: node.config.unique_key },
    thisRelation: new Relation({ schema: 'main', identifier: node.objectName ?? node.name, type: 'table' }, thisText),
    isIncremental,
    resolveRef: (name) => relation(`ref:${name}`, `ref('${name}')`, 'table', { schema: 'main', identifier: name }),
    resolveSource: (source, table) => relation(`source:${source}.${table}`, `source('${source}', '${table}')`, 'external', { schema: source, identifier: table }),
  });
  if (!outcome.ok) return { ok: false, error: outcome.error };
  const sql = outcome.sql.trim().replace(/;\s*$/, '');
  return { ok: true, sql, isIncremental, read, missing, thisMissing: sql.includes(THIS_NOT_GIVEN) };
}
