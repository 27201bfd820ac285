import type { AdapterType } from './adapter-type.js';
import { CompilerError } from './jinja/render-error.js';
import type { RuntimeValue } from './jinja/runtime-values.js';

/** Where a macro was defined. */
export interface MacroDefinition {
  name: string;
  namespace: string;
  file: string;
  line?: number;
  value: RuntimeValue;
}

/** The name dbt gives its own macros' namespace (`dbt.date_trunc`). */
export const INTERNAL_NAMESPACE = 'dbt';
/**
 * The prefixes `adapter.dispatch` tries, in order, for each engine: the adapter's own, then the
 * default implementations. dbt-postgres has no `duckdb__` fallback, nor dbt-duckdb a `postgres__` one.
 */
export const DISPATCH_PREFIXES: Record<AdapterType, readonly string[]> = {
  duckdb: ['duckdb', 'default'],
  postgres: ['postgres', 'default'],
};

/**
 * Every macro by namespace: the root project's, each package's, and dbt's own. Answers
 * `adapter.dispatch` with dbt's search order: the project's `dispatch:` config for a namespace,
 * else the root project then that package; in each, `<adapter>__name` (`duckdb__name`,
 * `postgres__name`) before `default__name`.
 */
export class MacroNamespaces {
  private readonly byNamespace = new Map<string, Map<string, MacroDefinition>>();
  private readonly prefixes: readonly string[];

  constructor(
    readonly rootProject: string,
    private readonly dispatchConfig: ReadonlyMap<string, string[]> = new Map(),
    adapter: AdapterType = 'duckdb',
  ) {
    this.prefixes = DISPATCH_PREFIXES[adapter];
  }

  add(definition: MacroDefinition): MacroDefinition | undefined {
    let macros = this.byNamespace.get(definition.namespace);
    if (!macros) {
      macros = new Map();
      this.byNamespace.set(definition.namespace, macros);
    }
    const previous = macros.get(definition.name);
    macros.set(definition.name, definition);
    return previous;
  }

  namespace(name: string): ReadonlyMap<string, MacroDefinition> {
    return this.byNamespace.get(name) ?? new Map();
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** A macro by unqualified name as the root project sees it: its own, then dbt's. */
  find(name: string, namespace?: string): MacroDefinition | undefined {
    if (namespace) return this.byNamespace.get(namespace)?.get(name);
    return this.byNamespace.get(this.rootProject)?.get(name) ?? this.byNamespace.get(INTERNAL_NAMESPACE)?.get(name);
  }

  dispatch(macroName: string, macroNamespace?: string | null): MacroDefinition {
    const searched: string[] = [];
    for (const pkg of this.searchOrder(macroNamespace ?? undefined)) {
      for (const prefix of this.prefixes) {
        const name = `${prefix}__${macroName}`;
        searched.push(pkg ? `${pkg}.${name}` : name);
        const found = this.find(name, pkg);
        if (found) return found;
      }
    }
    const where = macroNamespace ? `within namespace '${macroNamespace}'` : 'in the project';
    throw new CompilerError(`Compilation Error: adapter.dispatch found no macro named '${macroName}' ${where}; searched ${searched.join(', ')}`);
  }

  private searchOrder(namespace?: string): (string | undefined)[] {
    if (!namespace) return [undefined];
    const configured = this.dispatchConfig.get(namespace);
    if (configured) return configured;
    if (namespace === INTERNAL_NAMESPACE) return [this.rootProject, INTERNAL_NAMESPACE];
    if (this.byNamespace.has(namespace) && namespace !== this.rootProject) return [this.rootProject, namespace];
    return [namespace];
  }
}
