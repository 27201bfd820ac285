/**
 * The shapes of a loaded project, as both processes see them. Pure types: nothing here touches the
 * disk. The core fills them in (electron/core/project), the renderer displays them.
 */

/** Where something was written: the file (relative to the project root) and, when known, the line. */
export interface SourceLocation {
  file: string;
  line?: number;
}

/** A problem with the project, always pointing at the file (and line) at fault. */
export interface ProjectError extends SourceLocation {
  message: string;
  severity: 'error' | 'warning';
  /** The node the problem belongs to, when there is one. */
  node?: string;
}

export type NodeKind = 'source' | 'seed' | 'model' | 'dashboard' | 'exposure';
export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'seed' | 'source' | 'snapshot';
export type TestStage = 'input' | 'business-logic' | 'output';

export interface ColumnDoc {
  name: string;
  description?: string;
  dataType?: string;
  /** dbt constraints declared on the column (issue 15); checked only under an enforced contract. */
  constraints?: ConstraintDoc[];
}

export type ConstraintType = 'not_null' | 'unique' | 'primary_key' | 'check' | 'foreign_key' | 'custom';

/** A dbt constraint as declared on a column or on a model (`constraints:`). */
export interface ConstraintDoc {
  type: ConstraintType;
  /** The columns it holds on: the column itself for a column's constraint, `columns:` for a model's. */
  columns: string[];
  name?: string;
  /** `check` and `custom`: the SQL expression; `foreign_key` may give its whole target as one. */
  expression?: string;
  /** `foreign_key`: the model it points to (`ref('dim_customer')`) and its columns. */
  to?: string;
  toColumns?: string[];
  /** The build checks it: the contract is enforced, the model is a table or incremental, and the type is one Assay checks. */
  enforced?: boolean;
}

/** A model's contract (dbt's `contract: {enforced: true}`): its declared columns are then what the build must produce. */
export interface ContractDoc {
  enforced: boolean;
  /** Model-level `constraints:`. */
  constraints: ConstraintDoc[];
}

/** A test as declared in schema.yml or tests/*.sql; running it is the tests service's job. */
export interface TestDeclaration {
  /** Stable id: `<kind>.<node>[.<column>].<n>`. */
  id: string;
  kind: string;
  /** The node it attaches to (`model_name`, `source:lake.customers`, `seed:products`). */
  node: string;
  column?: string;
  /** The arguments written under the test (values, to, field, metric, ...). */
  args: Record<string, unknown>;
  severity: 'error' | 'warn';
  stage: TestStage;
  where?: string;
  warnIf?: string;
  errorIf?: string;
  /** For singular tests: the SQL file's raw text. */
  sql?: string;
  /**
   * Why this declared test cannot run (an unknown kind, a malformed entry, an invalid stage). It is
   * still declared, so that a run reports it as an error instead of silently dropping it.
   */
  problem?: string;
  location: SourceLocation;
}

export interface ProjectNodeSummary {
  /** Unique id: the model or seed name, `source:<source>.<table>` for sources. */
  id: string;
  name: string;
  kind: NodeKind;
  /** Dashboards and dbt exposures are lineage nodes that are never materialised (dashboard-lineage.ts, compile-exposures.ts). */
  materialization: Materialization | 'dashboard' | 'exposure';
  /** Ids of the nodes it reads (from `ref()` and `source()`). */
  dependsOn: string[];
  description?: string;
  columns: ColumnDoc[];
  /** A model with an enforced contract or declared constraints. */
  contract?: ContractDoc;
  tags: string[];
  location: SourceLocation;
  /** A dbt exposure's `type`, `url` and `owner`. */
  exposure?: { type?: string; url?: string; owner?: { name?: string; email?: string } };
}

export interface ProjectSummary {
  name: string;
  root: string;
  nodes: ProjectNodeSummary[];
  tests: TestDeclaration[];
  errors: ProjectError[];
}
