/**
 * Suggested tests (issue 15, TestGen is the anchor): a built model is profiled, tests are proposed
 * each with the evidence it rests on, and the ones a person accepts are written into its YAML.
 */

export type SuggestionKind = 'not_null' | 'unique' | 'accepted_values' | 'range' | 'relationships' | 'variation';

export interface SuggestedTest {
  /** Stable while the evidence holds: `not_null.customer_id`, `relationships.customer_id.dim_customer`, `variation.row_count.prescription_month`. */
  id: string;
  kind: SuggestionKind;
  /** The column it is declared under; absent for a test on the whole model. */
  column?: string;
  /** The entry added to the `tests:` list, as the YAML would hold it (`not_null`, `{range: {min: 0, max: 10}}`). */
  entry: unknown;
  /** The lines that would be added under the column's (or the model's) tests, as YAML. */
  yaml: string;
  /** What was observed that makes the test hold today, in words. */
  evidence: string;
}

export interface ProfiledColumn {
  name: string;
  type: string;
  nulls: number;
  /**
   * Counted exactly for value sets, key candidates and tables of at most PROBE_ROWS rows; null where
   * no proposal needs it (measures, flags, and columns whose values repeat too much to be a key and
   * are too many to list).
   */
  distinct: number | null;
  distinctExact: boolean;
  min: string | null;
  max: string | null;
  /** Every value the column holds, when it holds few (text columns only). */
  values?: string[];
}

export interface PeriodCount {
  /** The month's first day, `2024-09-01`. */
  period: string;
  rows: number;
}

export interface ModelProfile {
  rows: number;
  columns: ProfiledColumn[];
  /** Rows per month of the date column row counts are proposed on, oldest first. */
  periods?: { column: string; counts: PeriodCount[] };
  /** How many reads of the table profiling took: the statistics' (free on a stored model), and the one of the columns that need counting. */
  scans: number;
}

/** Where accepted tests go: the schema file that declares the model, or the one that would be made. */
export interface SuggestionTarget {
  file: string;
  /** The file already declares the model (else an entry is added, in a file that may not exist yet). */
  declared: boolean;
  exists: boolean;
  /** Why accepting would be refused as things stand (the model declared twice, a file that does not parse). */
  problem?: string;
}

export interface TestSuggestions {
  node: string;
  env: string;
  profile: ModelProfile;
  suggestions: SuggestedTest[];
  /** Why some tests were not proposed (an empty table, a type no test fits), in words. */
  notes: string[];
  target: SuggestionTarget;
}

export interface AcceptedTests {
  node: string;
  /** The schema file written, relative to the project root. */
  file: string;
  /** The file did not exist and was made. */
  created: boolean;
  added: SuggestedTest[];
  /** Accepted ids left out because the file already declares such a test (it changed since the suggestions). */
  alreadyDeclared: string[];
}
