import type { BuildCounts } from './run-history-types.js';
import type { TestSummaryCounts } from './test-types.js';

/** How a kept catalog came to be: published by a build, or made by `assay env clone` / `assay env import` (issue 17). */
export type CatalogOrigin =
  | { kind: 'build' }
  | { kind: 'clone'; from: string }
  | { kind: 'import'; file: string; from: string };

/** The newest test run known for a catalog: a run of the same environment fingerprint (the same code and data). */
export interface CatalogTestStatus {
  outcome: 'passed' | 'warned' | 'failed';
  counts: TestSummaryCounts;
  finishedAt: string;
  /** The run in the branch's run history, when it is there (a clone or an import carries only its status). */
  runId: string | null;
  /** What was run when not every test. */
  scope: string | null;
}

/** What `.assay/env-history/<env>/<id>.json` says of one kept catalog. */
export interface KeptCatalogRecord {
  /** Sortable and unique: `<kept at, compact ISO>-<6 hex>`, e.g. `20250301T101502123Z-3fa9c1`. */
  id: string;
  env: string;
  branch: string | null;
  commit: string | null;
  /** When the build that made the catalog finished. */
  builtAt: string;
  /** When it was published (or cloned, or imported) into this environment. */
  keptAt: string;
  envFingerprint: string;
  /** What the catalog shows (commit, status, every node's result): two catalogs with one key show the same. */
  contentKey: string;
  origin: CatalogOrigin;
  build: { status: 'ok' | 'failed'; counts: BuildCounts; ms: number };
  /** The test status a clone or an import brought with it; a build's is looked up in the run history. */
  tests?: CatalogTestStatus | null;
}

/** One catalog of an environment's history, as listed. */
export interface KeptCatalog extends Omit<KeptCatalogRecord, 'tests'> {
  /** The environment shows this catalog now. */
  current: boolean;
  tests: CatalogTestStatus | null;
}

export interface EnvironmentHistory {
  env: string;
  branch: string | null;
  /** How many catalogs besides the current one are kept (`assay: env_history` in dbt_project.yml, default 10). */
  limit: number;
  /** Newest first. */
  catalogs: KeptCatalog[];
}

export interface RestoredEnvironment {
  env: string;
  restored: KeptCatalog;
  /** The catalog that was current before, when the history knew it. */
  previousId: string | null;
  /** The store files the restored catalog reads, each found and hashed as written. */
  storeFilesChecked: number;
}

export const CATALOG_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;
