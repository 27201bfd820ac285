import { z } from 'zod';

/** One entry of a `tests:` list: `unique`, or `{accepted_values: {values: [...]}}`, or dbt's `{name, test_name, ...}`. */
export const testEntrySchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const testList = z.array(testEntrySchema).optional();

const columnSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  data_type: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  tests: testList,
  data_tests: testList,
});

const describedNode = {
  name: z.string(),
  description: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  columns: z.array(columnSchema).optional(),
  tests: testList,
  data_tests: testList,
};

const sourceTableSchema = z.looseObject({ ...describedNode, identifier: z.string().optional() });

const sourceSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  schema: z.string().optional(),
  database: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  tables: z.array(sourceTableSchema).default([]),
});

/** dbt's exposure: a downstream use of the project (a dashboard, a notebook, an app) and what it reads. */
const exposureSchema = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  maturity: z.string().optional(),
  owner: z.looseObject({ name: z.string().optional(), email: z.string().optional() }).optional(),
  depends_on: z.array(z.string()).default([]),
});

/** A `schema.yml` (any `.yml` under the model or seed paths). */
export const schemaFileSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional(),
  models: z.array(z.looseObject(describedNode)).optional(),
  seeds: z.array(z.looseObject(describedNode)).optional(),
  snapshots: z.array(z.looseObject({ ...describedNode, relation: z.string().optional() })).optional(),
  sources: z.array(sourceSchema).optional(),
  exposures: z.array(exposureSchema).optional(),
});

export type SchemaFile = z.infer<typeof schemaFileSchema>;
export type DescribedNodeEntry = NonNullable<SchemaFile['models']>[number];
export type ColumnEntry = NonNullable<DescribedNodeEntry['columns']>[number];
export type SourceEntry = NonNullable<SchemaFile['sources']>[number];
export type SourceTableEntry = SourceEntry['tables'][number];
export type TestEntry = z.infer<typeof testEntrySchema>;
export type ExposureEntry = NonNullable<SchemaFile['exposures']>[number];
