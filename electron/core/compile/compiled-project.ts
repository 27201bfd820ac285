import type { CompiledExposure } from './compile-exposures.js';
import type { Materialization, ProjectError } from '../../../shared/project-types.js';
import type { NodeConfig } from '../project/node-config.js';
import type { Project, ProjectNode } from '../project/project.js';

export interface CompiledNode {
  id: string;
  kind: ProjectNode['kind'];
  name: string;
  /** The SQL text other nodes use to read this one: `"dim_customer"`, or a source's `read_csv(...)`. */
  relation: string;
  /** For sources: their snapshot in the store, which is what environments read. */
  execRelation?: string;
  /** Name of the view or table in an environment; sources and ephemeral models have none. */
  objectName?: string;
  /** The schema it lives in inside the environment (`main` unless a custom schema names another). */
  objectSchema?: string;
  materialization: Materialization;
  config: NodeConfig;
  dependsOn: string[];
  /** The rendered SELECT of a model (with `is_incremental()` false): what its fingerprint sees. */
  sql?: string;
  /** The same SELECT reading sources from their snapshots: what the build runs (see exec-sql.ts). */
  execSql?: string;
  /** Its template reads `execute` or asks the database: the build renders it again, executing (build/introspect.ts). */
  usesExecute?: boolean;
  /** Its pre- and post-hooks, rendered as the build runs them (see build/hooks.ts). */
  hooks?: { pre: string[]; post: string[] };
  /** Set when the node could not be compiled; the build marks it failed and its descendants skipped. */
  error?: ProjectError;
  source: ProjectNode;
}

/** An analysis: SQL compiled against the project (`assay compile` prints it), never built. */
export interface CompiledAnalysis {
  name: string;
  file: string;
  sql?: string;
  error?: ProjectError;
}

export interface CompiledProject {
  project: Project;
  analyses: CompiledAnalysis[];
  nodes: Map<string, CompiledNode>;
  /** Every node id, dependencies first. */
  order: string[];
  errors: ProjectError[];
  /** dbt exposures with what they read: lineage only, never built. */
  exposures: CompiledExposure[];
  /** Compiled for `--empty`: ref() and source() read zero rows. */
  empty?: boolean;
}
