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

/** The rows of one console query, at most `limit` of them. */
export interface ConsoleResult {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  limit: number;
  /** The query returned more rows than `limit`; those were not read. */
  truncated: boolean;
}
