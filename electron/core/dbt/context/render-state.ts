import type { Introspection } from './introspection.js';
import type { Relation } from './relation.js';

/** What a template asked for while it rendered: its dependencies, its `config()` calls, its warnings. */
export interface RenderCapture {
  refs: Set<string>;
  sources: Set<string>;
  config: Record<string, unknown>;
  warnings: string[];
  /** The template read `execute` or asked the database: what it renders while building may differ. */
  usesExecute: boolean;
  /** The template read the environment, the clock or the graph: rendering it again may differ. */
  volatile: boolean;
  /** What it printed with `print()` or `log(..., info=True)`, in order. */
  logs: string[];
}

export type ResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'analysis' | 'operation' | 'source' | 'yaml';

/** The node being rendered, as the context shows it (`model`, `this`, `config.get`). */
export interface RenderState {
  name: string;
  resourceType: ResourceType;
  file: string;
  /** The installed package that declares the node: its macros come first, as dbt resolves them. */
  packageName?: string;
  /** The node's configuration before this render's `config()` calls (folder and YAML config). */
  config: Record<string, unknown>;
  resolveRef(name: string, packageName?: string): Relation | undefined;
  resolveSource(sourceName: string, tableName: string): Relation | undefined;
  thisRelation?: Relation;
  isIncremental: boolean;
  /** dbt's `execute`: false while parsing, true when the build runs (introspection answers then). */
  execute: boolean;
  /** How the database answers while `execute` is true; absent while parsing. */
  introspection?: Introspection;
  capture: RenderCapture;
}

export function emptyCapture(): RenderCapture {
  return { refs: new Set(), sources: new Set(), config: {}, warnings: [], usesExecute: false, volatile: false, logs: [] };
}
