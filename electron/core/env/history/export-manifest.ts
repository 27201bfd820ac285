import { z } from 'zod';

/** What an export holds, as archive member names: the manifest first, then the catalog and the store files. */
export const MANIFEST_NAME = 'assay-export.json';
export const CATALOG_NAME = 'catalog.duckdb';
/** Store files go under `store/`, by the name they have in `.assay/store/`. */
export const STORE_MEMBER = /^store\/[A-Za-z0-9_-]{1,128}\.parquet$/;

const fileSchema = z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const countsSchema = z.object({ built: z.number(), reused: z.number(), failed: z.number(), skipped: z.number() });

/** `assay-export.json`: the environment it was, and every file's size and SHA-256, checked on import. */
export const manifestSchema = z.object({
  format: z.literal('assay-environment-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  env: z.string(),
  branch: z.string().nullable(),
  commit: z.string().nullable(),
  builtAt: z.string(),
  envFingerprint: z.string(),
  /** The project folder the catalog's absolute paths name: an import rewrites them to its own. */
  projectRoot: z.string(),
  catalog: fileSchema,
  storeFiles: z.array(fileSchema.extend({ name: z.string().regex(/^[A-Za-z0-9_-]{1,128}\.parquet$/) })),
  build: z.object({ status: z.enum(['ok', 'failed']), counts: countsSchema, ms: z.number() }),
  tests: z
    .object({
      outcome: z.enum(['passed', 'warned', 'failed']),
      counts: z.object({ pass: z.number(), warn: z.number(), fail: z.number(), error: z.number(), skipped: z.number() }),
      finishedAt: z.string(),
      runId: z.string().nullable(),
      scope: z.string().nullable(),
    })
    .nullable(),
});

export type ExportManifest = z.infer<typeof manifestSchema>;
