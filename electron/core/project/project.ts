import type { PostgresTarget } from '../warehouse/postgres-target.js';
import type { DeclaredContract } from '../contracts/declare-contract.js';
import type { InstalledPackage } from '../dbt/packages/installed-packages.js';
import type { ColumnDoc, ProjectError, SourceLocation, TestDeclaration } from '../../../shared/project-types.js';
import type { DatedDeliveries } from './dated-deliveries.js';
import type { NodeConfig } from './node-config.js';
import type { DuckDbSession } from './dbt-profile.js';
import type { ProjectConfigFile, ProjectPaths } from './project-config.js';

interface NodeBase {
  /** Unique id: the model or seed name, `source:<source>.<table>` for a source table. */
  id: string;
  name: string;
  description?: string;
  columns: ColumnDoc[];
  location: SourceLocation;
  /** The installed dbt package that declares the node; absent for the project's own. */
  package?: string;
}

export interface ModelNode extends NodeBase {
  kind: 'model';
  rawSql: string;
  /** dbt Python models are loaded so that they are reported; Assay runs SQL models only. */
  language?: 'sql' | 'python';
  /** Folder config and schema.yml config; `config()` calls in the SQL are applied when compiling. */
  config: NodeConfig;
  /** Its schema.yml columns' types and constraints, checked at build time when its contract is enforced. */
  contract?: DeclaredContract;
}

export interface SeedNode extends NodeBase {
  kind: 'seed';
  config: NodeConfig;
}

export interface SourceNode extends NodeBase {
  kind: 'source';
  sourceName: string;
  tableName: string;
  /** What `source()` renders to: `read_csv('lake/...')`, or a quoted file path or glob; empty for a table (see `table`). */
  relation: string;
  /**
   * A source without `external_location` names a table, as dbt-duckdb reads it: `schema`
   * (the source's, default its name) and `identifier` (default the table's name). Compiling
   * resolves it to the seed or model of the project that writes that table.
   */
  table?: { schema: string; identifier: string; database?: string };
  /**
   * Set when compiling finds the table in a DuckDB file the profile names (its `path`, or an
   * `attach:` alias the source's `database:` names): the build snapshots it from there, read-only.
   */
  databaseTable?: { file: string; alias: string; schema: string; identifier: string };
  /** File paths or globs (relative to the project root) the source reads, for content hashing. */
  fileGlobs: string[];
  /** `meta.deliveries`: its files are dated deliveries, read up to an `--as-of` date. */
  deliveries?: DatedDeliveries;
  /** What a dated source's snapshot reads: its deliveries' files, each row with its delivery date. */
  deliveredRelation?: string;
  /** Why its deliveries cannot be read (a folder that is not a date, an --as-of before the first): the source fails with it. */
  deliveriesError?: ProjectError;
}

export type ProjectNode = ModelNode | SeedNode | SourceNode;

/** A dbt exposure: drawn in the lineage after what it reads (`ref()`/`source()` in `depends_on`), never built. */
export interface Exposure {
  name: string;
  type?: string;
  label?: string;
  description?: string;
  url?: string;
  owner?: { name?: string; email?: string };
  /** As written: `ref('orders')`, `source('shop', 'raw')`. */
  dependsOn: string[];
  location: SourceLocation;
}

export interface MacroFile {
  file: string;
  text: string;
}

export interface Project {
  root: string;
  name: string;
  config: ProjectConfigFile;
  /** `--vars` given when the project was loaded. */
  cliVars: Record<string, unknown>;
  paths: ProjectPaths;
  nodes: Map<string, ProjectNode>;
  tests: TestDeclaration[];
  macros: MacroFile[];
  /** `analyses/*.sql`: compiled like models (they may ref() them), never built. */
  analyses: MacroFile[];
  /** dbt packages installed under `packages-install-path`, with their macros. */
  packages: InstalledPackage[];
  exposures: Exposure[];
  /** `{% docs name %}` blocks, by name. */
  docs: Map<string, string>;
  errors: ProjectError[];
  /** The DuckDB session of the project's dbt profile (extensions, settings, threads): empty without one. */
  session: DuckDbSession;
  /** The profile's selected target when it is a PostgreSQL warehouse. */
  warehouse?: PostgresTarget;
}

export function sourceId(sourceName: string, tableName: string): string {
  return `source:${sourceName}.${tableName}`;
}
