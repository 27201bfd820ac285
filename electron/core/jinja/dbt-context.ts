import { DbtContextError } from './template-error.js';

/** What a template asked for while it rendered: its dependencies and its `config()` calls. */
export interface RenderCapture {
  refs: Set<string>;
  sources: Set<string>;
  config: Record<string, unknown>;
}

/** How names resolve for the node being rendered. Set by the renderer before each render. */
export interface RenderScope {
  nodeName: string;
  resolveRef(name: string): string | undefined;
  resolveSource(sourceName: string, tableName: string): string | undefined;
  thisRelation: string;
  isIncremental: boolean;
  capture: RenderCapture;
}

export interface DbtGlobalsInput {
  vars: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  targetName: string;
  current(): RenderScope;
}

/** nunjucks passes keyword arguments as a last object flagged `__keywords`. */
function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && last.__keywords === true) {
    const { __keywords: _flag, ...keywords } = last;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

/** The dbt functions and variables a model sees: ref, source, var, config, env_var, is_incremental, this, target. */
export function dbtGlobals(input: DbtGlobalsInput): Record<string, unknown> {
  const scope = input.current;
  return {
    ref(...args: unknown[]) {
      const { positional } = splitKeywords(args);
      const name = String(positional[positional.length - 1]);
      const relation = scope().resolveRef(name);
      if (relation === undefined) throw new DbtContextError(`ref('${name}') names no model or seed in this project`);
      scope().capture.refs.add(name);
      return relation;
    },
    source(sourceName: unknown, tableName: unknown) {
      const relation = scope().resolveSource(String(sourceName), String(tableName));
      if (relation === undefined) throw new DbtContextError(`source('${String(sourceName)}', '${String(tableName)}') names no table declared under sources:`);
      scope().capture.sources.add(`${String(sourceName)}.${String(tableName)}`);
      return relation;
    },
    var(...args: unknown[]) {
      const { positional } = splitKeywords(args);
      const name = String(positional[0]);
      if (Object.hasOwn(input.vars, name)) return input.vars[name];
      if (positional.length > 1) return positional[1];
      throw new DbtContextError(`var('${name}') is not set: add it under vars: in dbt_project.yml or give a default`);
    },
    env_var(name: unknown, fallback?: unknown) {
      const value = input.env[String(name)];
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      throw new DbtContextError(`env_var('${String(name)}') is not set in the environment and has no default`);
    },
    config(...args: unknown[]) {
      Object.assign(scope().capture.config, splitKeywords(args).keywords);
      return '';
    },
    is_incremental() {
      return scope().isIncremental;
    },
    log() {
      return '';
    },
    // An object, not a string, so that macros (which look names up in their own template's
    // context) also see the relation of the node being rendered.
    this: {
      toString: () => scope().thisRelation,
      get identifier() {
        return scope().nodeName;
      },
      get name() {
        return scope().nodeName;
      },
      schema: 'main',
      database: 'assay',
    },
    target: { name: input.targetName, type: 'duckdb', schema: 'main', database: 'assay', threads: 4, profile_name: 'assay' },
    run_started_at: new Date().toISOString(),
  };
}
