/** What `assay diff` reports (README: "Diff JSON"). Pure types, shared with the renderer. */

export interface DiffSide {
  ref: string;
  commit: string | null;
  env: string;
}

export interface ColumnType {
  name: string;
  type: string;
}

export interface ColumnProfile {
  null_pct: number | null;
  /** Approximate (HyperLogLog), within a few percent. */
  distinct: number | null;
  min: string | number | null;
  max: string | number | null;
  mean: number | null;
}

export interface ChangedRowSample {
  /** The primary-key values of the row (or nothing, for a whole-row diff). */
  key: Record<string, unknown>;
  base: Record<string, unknown> | null;
  compare: Record<string, unknown> | null;
  /** Columns whose values differ (all columns for an added or removed row). */
  changed: string[];
}

export interface ModelDiff {
  name: string;
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  /** direct: the model's own definition changed; indirect: only something upstream did. */
  change: 'direct' | 'indirect' | null;
  primary_key: string[] | null;
  /** Why rows were compared by whole-row hashes instead of by key (no key, duplicate or NULL keys). */
  key_note: string | null;
  schema: { added: ColumnType[]; removed: ColumnType[]; retyped: { name: string; base: string; compare: string }[] };
  rows: { base: number | null; compare: number | null; added: number | null; removed: number | null; changed: number | null; unchanged: number | null };
  /** Per column present on both sides: rows whose value changed and the share that matched (by key only). */
  columns: Record<string, { changed: number | null; match_pct: number | null }>;
  profile: Record<string, { base: ColumnProfile | null; compare: ColumnProfile | null }>;
  samples: { changed: ChangedRowSample[]; added: Record<string, unknown>[]; removed: Record<string, unknown>[] };
  tests_changed: { id: string; base: string | null; compare: string | null }[];
  error: string | null;
}

export interface DiffReport {
  base: DiffSide;
  compare: DiffSide;
  tolerance: number;
  generated_at: string;
  models: ModelDiff[];
}

/** One side of a model's SQL diff: where its file was on that ref (null when the model is not there). */
export interface SqlDiffSide {
  ref: string;
  commit: string | null;
  file: string | null;
}

/** A unified diff of two texts ('' when they are the same). */
export interface SqlTextDiff {
  changed: boolean;
  diff: string;
}

/** The SQL a model is written in, and the SQL it compiles to, on the base against the compared branch. */
export interface ModelSqlDiff {
  model: string;
  /** added: the model is new on the compared branch; removed: it was deleted there. */
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  base: SqlDiffSide;
  compare: SqlDiffSide;
  /** The model's file as written. */
  source: SqlTextDiff;
  /** The SELECT it renders to (Jinja resolved), or null when a side could not compile it (see compiled_error). */
  compiled: SqlTextDiff | null;
  compiled_error: string | null;
}
