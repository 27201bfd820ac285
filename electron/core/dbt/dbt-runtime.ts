import { Environment } from '@huggingface/jinja';
import type { ProjectError } from '../../../shared/project-types.js';
import type { AdapterType } from './adapter-type.js';
import { crossDatabaseMacros, crossDatabaseValueMacros } from './context/cross-database-macros.js';
import type { RelationCatalog } from './context/adapter.js';
import { dbtContext, type TargetInfo } from './context/dbt-context.js';
import { duckdbPackageMacros } from './context/duckdb-package-macros.js';
import { pythonModules, runStartedAt } from './context/python-modules.js';
import type { Relation } from './context/relation.js';
import { emptyCapture, type RenderCapture, type RenderState } from './context/render-state.js';
import { toRuntime } from './jinja/host-values.js';
import { JinjaEngine, type ParsedTemplate } from './jinja/jinja-engine.js';
import { formatPosition, TemplateError } from './jinja/render-error.js';
import { ObjectValue, type JinjaScope, type RuntimeValue } from './jinja/runtime-values.js';
import { MATERIALIZATION_PREFIX, SNAPSHOT_PREFIX } from './jinja/token-rewrites.js';
import { INTERNAL_NAMESPACE, MacroNamespaces, type MacroDefinition } from './macro-namespaces.js';

export interface MacroFile {
  file: string;
  text: string;
}

export interface RuntimeOptions {
  projectName: string;
  macros: MacroFile[];
  packages?: { name: string; macros: MacroFile[]; vars?: Record<string, unknown> }[];
  /** `vars:` of dbt_project.yml (package-scoped ones as nested maps), then `--vars`, which win. */
  vars?: Record<string, unknown>;
  cliVars?: Record<string, unknown>;
  target?: Partial<TargetInfo>;
  dispatch?: { macro_namespace: string; search_order: string[] }[];
  env?: NodeJS.ProcessEnv;
  modules?: Record<string, unknown>;
  runStartedAt?: unknown;
  flags?: Record<string, unknown>;
  catalog?: RelationCatalog;
  graph?: () => Record<string, unknown>;
  /** `DBT_ENV_SECRET_*` may be read: only in profiles.yml and packages.yml, as in dbt. */
  allowSecrets?: boolean;
}

export type RenderRequest = Omit<RenderState, 'capture' | 'execute'> & { template: string; execute?: boolean };
export type RenderOutcome = { ok: true; sql: string; capture: RenderCapture } | { ok: false; error: ProjectError; capture: RenderCapture };

const noCatalog: RelationCatalog = { get: () => undefined, columns: () => [], query: () => null };

/** Assay's own implementations of package macros an engine cannot run as written, by engine and package. */
const packageMacrosByAdapter: Record<AdapterType, typeof duckdbPackageMacros> = { duckdb: duckdbPackageMacros, postgres: {} };

/**
 * dbt's runtime for one project: its macros and its packages' macros in their namespaces, dbt's
 * context, and the Jinja engine. The rest of the core asks it to render a node and nothing else.
 */
export class DbtRuntime {
  readonly engine = new JinjaEngine();
  readonly macros: MacroNamespaces;
  /** Macro files that did not parse, macros defined twice, and blocks Assay does not run. */
  readonly errors: ProjectError[] = [];
  readonly logs: string[] = [];
  private readonly globals: JinjaScope;
  private readonly rootScope: JinjaScope;
  /** Each package's macros, unqualified, over the root project's: the scope its own nodes render in. */
  private readonly packageNodeScopes = new Map<string, JinjaScope>();
  private state: RenderState | null = null;
  private catalog: RelationCatalog;
  /** The engine SQL is rendered for: `target.type`, which dispatch and dbt's cross-database macros follow. */
  private readonly adapter: AdapterType;

  constructor(private readonly options: RuntimeOptions) {
    const dispatch = new Map((options.dispatch ?? []).map((d) => [d.macro_namespace, d.search_order]));
    this.adapter = options.target?.type ?? 'duckdb';
    this.macros = new MacroNamespaces(options.projectName, dispatch, this.adapter);
    this.catalog = options.catalog ?? noCatalog;
    this.globals = new Environment() as unknown as JinjaScope;
    const context = dbtContext({
      projectName: options.projectName,
      target: { name: 'dev', profile_name: options.projectName, schema: 'main', database: 'assay', threads: 4, ...options.target, type: this.adapter },
      env: options.env ?? process.env,
      lookupVar: (name) => this.lookupVar(name),
      allowSecrets: () => options.allowSecrets ?? false,
      current: () => this.current(),
      macros: this.macros,
      catalog: () => this.catalogOf(),
      graph: options.graph ?? (() => ({ nodes: {}, sources: {} })),
      modules: options.modules ?? pythonModules,
      runStartedAt: options.runStartedAt ?? runStartedAt(new Date()),
      log: (message, info) => {
        if (info) this.logs.push(message);
      },
      flags: { FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'compile', ...options.flags },
    });
    for (const [name, value] of Object.entries(context)) this.globals.variables.set(name, toRuntime(value));
    this.defineInternalMacros();
    this.rootScope = new Environment(this.globals as never) as unknown as JinjaScope;
    for (const file of options.macros) this.defineMacroFile(file, options.projectName, this.rootScope);
    for (const pkg of options.packages ?? []) {
      const scope = new Environment(this.globals as never) as unknown as JinjaScope;
      for (const file of pkg.macros) this.defineMacroFile(file, pkg.name, scope);
      this.defineAdapterPackageMacros(pkg.name, scope);
      const nodeScope = new Environment(this.rootScope as never) as unknown as JinjaScope;
      for (const [name, value] of scope.variables) nodeScope.variables.set(name, value);
      this.packageNodeScopes.set(pkg.name, nodeScope);
    }
    for (const namespace of this.macros.namespaces()) {
      if (namespace === INTERNAL_NAMESPACE || !this.globals.variables.has(namespace)) {
        this.globals.variables.set(namespace, namespaceValue(this.macros.namespace(namespace)));
      }
    }
  }

  /** dbt's cross-database macros for the target's engine, under `dbt.` and unprefixed, and as `default__` for dispatch. */
  private defineInternalMacros(): void {
    for (const [name, fn] of Object.entries({ ...crossDatabaseMacros(this.adapter), ...crossDatabaseValueMacros })) {
      const value = toRuntime(fn);
      for (const alias of [name, `default__${name}`]) this.macros.add({ name: alias, namespace: INTERNAL_NAMESPACE, file: '(dbt)', value });
      this.globals.variables.set(name, value);
    }
  }

  /** Assay's implementations of package macros the target's engine cannot run as written (DuckDB has some), unless the package has its own. */
  private defineAdapterPackageMacros(pkg: string, scope: JinjaScope): void {
    const own = packageMacrosByAdapter[this.adapter];
    const extra = Object.hasOwn(own, pkg) ? own[pkg] : undefined;
    if (extra && !extra.defines.some((name) => this.macros.find(name, pkg))) this.defineMacroFile(extra.file, pkg, scope);
  }

  private defineMacroFile(file: MacroFile, namespace: string, scope: JinjaScope): void {
    let parsed: ParsedTemplate;
    try {
      parsed = this.engine.parse(file.file, file.text);
      this.engine.defineMacros(parsed, scope, (name, position, value) => {
        const previous = this.macros.add({ name, namespace, file: file.file, line: position.line, value });
        if (previous && previous.file !== '(dbt)') {
          this.errors.push({ file: file.file, line: position.line, severity: 'error', message: `macro '${name}' is defined twice in ${namespace}: here and at ${formatPosition(previous)}` });
        }
      });
    } catch (err) {
      this.errors.push(asProjectError(err, file.file));
      return;
    }
    for (const block of parsed.materializations) {
      this.errors.push({ file: file.file, line: block.line, severity: 'warning', message: `custom materialization '${block.name}' is not supported: Assay builds view, table, incremental and ephemeral models (a model that asks for it fails)` });
    }
  }

  /** The database as the node being rendered sees it: nothing while parsing, the build's answers while executing. */
  private catalogOf(): RelationCatalog {
    const state = this.state;
    if (!state) return this.catalog;
    state.capture.usesExecute = true;
    const intro = state.introspection;
    if (!state.execute || !intro) return this.catalog;
    return {
      get: (parts) => intro.relation(parts) ?? undefined,
      columns: (relation) => intro.columns(relation) ?? [],
      query: (sql) => intro.query(sql) ?? null,
    };
  }

  private current(): RenderState {
    if (!this.state) throw new Error('ref(), source(), config() and this can only be used while a node renders');
    return this.state;
  }

  private lookupVar(name: string): { found: boolean; value?: unknown } {
    const cli = this.options.cliVars ?? {};
    if (Object.hasOwn(cli, name)) return { found: true, value: cli[name] };
    const vars = this.options.vars ?? {};
    if (Object.hasOwn(vars, name)) return { found: true, value: vars[name] };
    for (const scoped of Object.values(vars)) {
      if (scoped && typeof scoped === 'object' && !Array.isArray(scoped) && Object.hasOwn(scoped, name)) return { found: true, value: (scoped as Record<string, unknown>)[name] };
    }
    for (const pkg of this.options.packages ?? []) {
      if (pkg.vars && Object.hasOwn(pkg.vars, name)) return { found: true, value: pkg.vars[name] };
    }
    return { found: false };
  }

  /** Renders `request.template` as the node it names; every failure is a ProjectError naming file and line. */
  render(request: RenderRequest): RenderOutcome {
    const capture = emptyCapture();
    const state: RenderState = { ...request, execute: request.execute ?? false, capture };
    return this.withState(state, () => {
      const parsed = this.engine.parse(request.file, request.template);
      const scope = (request.packageName && this.packageNodeScopes.get(request.packageName)) || this.rootScope;
      return this.engine.render(parsed, new Environment(scope as never) as unknown as JinjaScope);
    }, request);
  }

  /** Calls a macro by name (`generate_schema_name`, a run-operation) with host arguments. */
  callMacro(name: string, args: unknown[], request: Omit<RenderRequest, 'template'>, namespace?: string): RenderOutcome {
    const macro = this.macros.find(name, namespace) ?? (namespace ? undefined : this.macros.namespaces().map((ns) => this.macros.find(name, ns)).find(Boolean));
    const capture = emptyCapture();
    if (!macro) return { ok: false, capture, error: { file: request.file, severity: 'error', message: `no macro named '${name}'${namespace ? ` in ${namespace}` : ''}` } };
    return this.withState({ ...request, execute: request.execute ?? false, capture }, () => {
      const result = (macro.value.value as (a: RuntimeValue[], s: JinjaScope) => RuntimeValue)(args.map(toRuntime), this.rootScope);
      return result.toString();
    }, request);
  }

  /** The SQL of a `{% snapshot %}` block. */
  snapshotMacro(name: string): MacroDefinition | undefined {
    return this.macros.find(`${SNAPSHOT_PREFIX}${name}`, this.options.projectName);
  }

  hasMaterialization(name: string): boolean {
    return this.macros.namespaces().some((ns) => this.macros.find(`${MATERIALIZATION_PREFIX}${name}`, ns));
  }

  private withState(state: RenderState, body: () => string, request: { file: string; name: string }): RenderOutcome {
    const previous = this.state;
    this.state = state;
    const vars = this.globals.variables;
    const saved = ['this', 'model', 'execute'].map((k) => vars.get(k));
    vars.set('this', toRuntime(state.thisRelation ?? null));
    vars.set('model', toRuntime(modelObject(state, this.options.projectName)));
    vars.set('execute', toRuntime(state.execute));
    const interpreter = this.engine.interpreter;
    interpreter.executeRead = false;
    interpreter.volatileRead = false;
    try {
      const sql = body();
      if (interpreter.executeRead) state.capture.usesExecute = true;
      if (interpreter.volatileRead) state.capture.volatile = true;
      return { ok: true, sql, capture: state.capture };
    } catch (err) {
      return { ok: false, capture: state.capture, error: { ...asProjectError(err, request.file), node: request.name || undefined } };
    } finally {
      this.state = previous;
      ['this', 'model', 'execute'].forEach((k, i) => {
        const value = saved[i];
        if (value) vars.set(k, value);
      });
    }
  }
}

function namespaceValue(macros: ReadonlyMap<string, MacroDefinition>): RuntimeValue {
  const live = new Map<string, RuntimeValue>();
  for (const [name, definition] of macros) live.set(name, definition.value);
  return new ObjectValue(live);
}

function modelObject(state: RenderState, projectName: string): Record<string, unknown> {
  return {
    name: state.name,
    alias: state.config.alias ?? state.name,
    resource_type: state.resourceType,
    unique_id: `${state.resourceType}.${state.packageName ?? projectName}.${state.name}`,
    package_name: state.packageName ?? projectName,
    original_file_path: state.file,
    path: state.file,
    config: state.config,
    tags: state.config.tags ?? [],
    schema: state.thisRelation?.schema ?? 'main',
    database: state.thisRelation?.database ?? 'assay',
    fqn: [state.packageName ?? projectName, ...state.file.replace(/\.sql$/, '').split('/').slice(state.packageName ? 3 : 1)],
  };
}

/** A TemplateError (or anything thrown) as a ProjectError: at the node's own line, naming the macro line where it happened. */
export function asProjectError(err: unknown, file: string): ProjectError {
  if (!(err instanceof TemplateError)) return { file, severity: 'error', message: err instanceof Error ? err.message : String(err) };
  const outermost = err.callers.at(-1)?.from;
  if (!outermost) return { file: err.position.file || file, line: err.position.line, severity: 'error', message: err.reason };
  const chain = collapseRepeats([...err.callers].reverse().map((c) => `'${c.macro}'`)).join(' → ');
  return { file: outermost.file || file, line: outermost.line, severity: 'error', message: `${err.reason} (at ${formatPosition(err.position)}, in macro ${chain})` };
}

/** `a → b → b → b` as `a → b (×3)`: an endless recursion would otherwise fill the message. */
function collapseRepeats(names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; ) {
    let j = i;
    while (j < names.length && names[j] === names[i]) j++;
    out.push(j - i > 1 ? `${names[i]} (×${j - i})` : (names[i] as string));
    i = j;
  }
  return out;
}

export type { Relation };
