/**
 * How the data preview asks for sorted and filtered rows, and what the SQL console answers. The
 * schemas check the shape at the boundary; the core checks each column and value against the
 * node's columns and their types before any SQL runs (see electron/core/workbench/preview-query.ts).
 */
import { z } from 'zod';

const columnName = z.string().min(1).max(300);
const bound = z.union([z.number(), z.string().max(1000)]);

export const previewSort = z.object({ column: columnName, direction: z.enum(['asc', 'desc']) });

export const previewFilter = z.discriminatedUnion('op', [
  /** Case-insensitive substring of the value as text. */
  z.object({ column: columnName, op: z.literal('contains'), value: z.string().min(1).max(1000) }),
  z.object({ column: columnName, op: z.literal('eq'), value: z.union([z.number(), z.string().max(1000), z.boolean()]) }),
  /** Inclusive; either end may be left open, not both. */
  z.object({ column: columnName, op: z.literal('range'), min: bound.optional(), max: bound.optional() }),
]);

export type PreviewSort = z.infer<typeof previewSort>;
export type PreviewFilter = z.infer<typeof previewFilter>;

/** How a column's values compare in a filter; `other` (a list, a struct, a UUID, a time) compares as text. */
export type TypeFamily = 'number' | 'boolean' | 'date' | 'timestamp' | 'text' | 'other';

/** The family of a DuckDB type name as DESCRIBE spells it. */
export function typeFamily(type: string): TypeFamily {
  const upper = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/.test(upper)) return 'number';
  if (upper === 'BOOLEAN') return 'boolean';
  if (upper === 'DATE') return 'date';
  if (/^TIMESTAMP( WITH TIME ZONE)?$|^TIMESTAMP_(S|MS|NS)$|^TIMESTAMPTZ$/.test(upper)) return 'timestamp';
  if (upper === 'VARCHAR' || upper.startsWith('VARCHAR(')) return 'text';
  return 'other';
}

/** The rows of one console query, at most `limit` of them. */
export interface ConsoleResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  limit: number;
  /** The query returned more rows than `limit`; those were not read. */
  truncated: boolean;
}
