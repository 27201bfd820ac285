import { randomUUID } from 'node:crypto';
import { DO_FUNCTION } from '../jinja/token-rewrites.js';
import { MacroReturn, CompilerError } from '../jinja/render-error.js';
import { pyFunction, splitArguments } from '../jinja/python-call.js';
import { callingScope, toHost } from '../jinja/host-values.js';
import { FunctionValue, NullValue, type JinjaFunction, type RuntimeValue } from '../jinja/runtime-values.js';
import type { MacroNamespaces } from '../macro-namespaces.js';
import type { AdapterType } from '../adapter-type.js';
import { adapterObject, Column, relationCreate, type RelationCatalog } from './adapter.js';
import type { AgateTable } from './agate-table.js';
import { configFunction } from './config-function.js';
import { paramFunction } from './param-function.js';
import { DBT_VERSION } from '../dbt-version.js';
import { exceptionsNamespace } from './exceptions.js';
import { Relation } from './relation.js';
import type { RenderState } from './render-state.js';
import { serializationFunctions } from './serialization.js';

/** dbt's `target`: the profile's selected output, as templates read it. */
export interface TargetInfo {
  name: string;
  profile_name: string;
  type: AdapterType;
  schema: string;
  database: string;
  threads: number;
  [key: string]: unknown;
}

export interface ContextServices {
  projectName: string;
  target: TargetInfo;
  env: NodeJS.ProcessEnv;
  /** `var(name)` for the template running now: CLI vars, then project vars (package-scoped ones first). */
  lookupVar(name: string): { found: boolean; value?: unknown };
  /** Secrets (`DBT_ENV_SECRET_*`) may only be read where dbt allows them: profiles.yml and packages.yml. */
  allowSecrets(): boolean;
  current(): RenderState;
  macros: MacroNamespaces;
  catalog(): RelationCatalog;
  graph(): Record<string, unknown>;
  modules: Record<string, unknown>;
  runStartedAt: unknown;
  log(message: string, info: boolean): void;
  flags: Record<string, unknown>;
}

const range = (start: number, stop?: number, step = 1) => {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  const out: number[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) out.push(i);
  return out;
};

/** Python's builtins that Jinja2 and dbt put in every template's context. */
function pythonBuiltins() {
  return {
    true: true,
    false: false,
    none: null,
    True: true,
    False: false,
    None: null,
    range,
    dict: (...args: unknown[]) => {
      const { positional, keywords } = splitArguments(args);
      return { ...((positional[0] as object | undefined) ?? {}), ...keywords };
    },
    list: (value: unknown = []) => (Array.isArray(value) ? [...value] : typeof value === 'string' ? [...value] : value && typeof value === 'object' ? Object.keys(value) : []),
    zip: (...lists: unknown[][]) => range(Math.min(...lists.map((l) => l.length))).map((i) => lists.map((l) => l[i])),
    zip_strict: (...lists: unknown[][]) => {
      if (new Set(lists.map((l) => l.length)).size > 1) throw new CompilerError('zip_strict: the lists have different lengths');
      return range(lists[0]?.length ?? 0).map((i) => lists.map((l) => l[i]));
    },
    set: (value: unknown = [], fallback: unknown = null) => (Array.isArray(value) ? [...new Set(value)] : fallback),
    set_strict: (value: unknown) => {
      if (!Array.isArray(value)) throw new CompilerError('set_strict: the value is not a list');
      return [...new Set(value)];
    },
    len: (value: unknown) => {
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      const sized = value as { __len__?: () => number };
      return typeof sized.__len__ === 'function' ? sized.__len__() : Object.keys(value as object).length;
    },
  };
}

/** Every name a dbt template can use that does not depend on the node being rendered. */
export function dbtContext(services: ContextServices): Record<string, unknown> {
  const current = services.current;
  const dbtVar = (...args: unknown[]) => {
    const { positional } = splitArguments(args);
    const name = String(positional[0]);
    const found = services.lookupVar(name);
    if (found.found) return found.value;
    if (positional.length > 1) return positional[1];
    throw new CompilerError(`Compilation Error: var('${name}') is not set: add it under vars: in dbt_project.yml, pass it with --vars, or give a default`);
  };
  const envVar = (name: unknown, fallback?: unknown) => {
    const key = String(name);
    if (key.startsWith('DBT_ENV_SECRET_') && !services.allowSecrets()) {
      throw new CompilerError(`Compilation Error: env_var('${key}'): secret environment variables (DBT_ENV_SECRET_*) can only be used in profiles.yml and packages.yml`);
    }
    const value = services.env[key];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new CompilerError(`Compilation Error: env_var('${key}') is not set in the environment and has no default`);
  };
  const ref = (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    const name = String(positional[positional.length - 1]);
    const pkg = positional.length > 1 ? String(positional[0]) : undefined;
    const relation = current().resolveRef(name, pkg);
    if (!relation) throw new CompilerError(`ref('${name}') names no model or seed in this project${keywords.v ?? keywords.version ? ' (model versions are not supported)' : ''}`);
    current().capture.refs.add(name);
    return relation;
  };
  const source = (sourceName: unknown, tableName: unknown) => {
    const relation = current().resolveSource(String(sourceName), String(tableName));
    if (!relation) throw new CompilerError(`source('${String(sourceName)}', '${String(tableName)}') names no table declared under sources:`);
    current().capture.sources.add(`${String(sourceName)}.${String(tableName)}`);
    return relation;
  };
  const config = configFunction(current);
  const log = (message: unknown, info: unknown = false) => {
    if (info) current().capture.logs.push(String(message));
    services.log(String(message), Boolean(info));
    return '';
  };
  const statementResults = new Map<string, unknown>();
  const statement = pyFunction(
    { name: 'statement', params: ['name', 'fetch_result', 'auto_begin', 'language'], defaults: { name: null, fetch_result: false, auto_begin: true, language: 'sql' } },
    (a) => {
      const caller = callingScope()?.lookupVariable('caller') as RuntimeValue | undefined;
      const body = caller && caller.type === 'FunctionValue' ? toHost(caller) : undefined;
      const sql = typeof body === 'function' ? String((body as () => unknown)()) : '';
      const table = services.catalog().query(sql);
      if (a.name) statementResults.set(String(a.name), table ? { response: { code: 'SELECT', rows_affected: 0 }, table, data: (table as AgateTable).matrix } : null);
      return '';
    },
  );
  const exceptions = exceptionsNamespace((message) => current().capture.warnings.push(message));
  return {
    ...pythonBuiltins(),
    [DO_FUNCTION]: () => null,
    // Given the engine's own value, not a copy: a macro that returns the list it was given
    // (`{% do return(model_yaml) %}`) hands back that same list, as in Python.
    return: new FunctionValue(((args: RuntimeValue[]) => {
      throw new MacroReturn(args[0] ?? new NullValue());
    }) satisfies JinjaFunction),
    ref,
    source,
    var: dbtVar,
    env_var: envVar,
    config,
    param: paramFunction(current),
    log,
    print: (message: unknown) => log(message, true),
    exceptions,
    adapter: adapterObject(services.macros, services.catalog, services.target.type),
    api: { Relation: { create: relationCreate, add_ephemeral_prefix: (name: unknown) => `__dbt__cte__${String(name)}` }, Column: { create: (name: string, type: string) => new Column(name, type) } },
    load_relation: (relation: Relation) => services.catalog().get(relation) ?? null,
    is_incremental: () => current().isIncremental,
    should_full_refresh: () => Boolean(services.flags.FULL_REFRESH),
    should_store_failures: () => Boolean(services.flags.STORE_FAILURES),
    statement,
    load_result: (name: unknown) => statementResults.get(String(name)) ?? null,
    store_result: () => '',
    store_raw_result: () => '',
    run_query: (sql: unknown) => services.catalog().query(String(sql)),
    modules: services.modules,
    run_started_at: services.runStartedAt,
    invocation_id: randomUUID(),
    flags: services.flags,
    target: services.target,
    project_name: services.projectName,
    dbt_version: DBT_VERSION,
    builtins: { ref, source, config },
    ...serializationFunctions,
    graph: new LazyGraph(services.graph),
  };
}

/** `graph`, built when a template first reads it (codegen and run-operations do; models rarely). */
class LazyGraph {
  private built?: Record<string, unknown>;
  constructor(private readonly build: () => Record<string, unknown>) {}
  private get value() {
    return (this.built ??= this.build());
  }
  get nodes() {
    return this.value.nodes;
  }
  get sources() {
    return this.value.sources;
  }
  get exposures() {
    return this.value.exposures ?? {};
  }
  get macros() {
    return this.value.macros ?? {};
  }
  get metrics() {
    return {};
  }
  get semantic_models() {
    return {};
  }
}

export { Relation };
