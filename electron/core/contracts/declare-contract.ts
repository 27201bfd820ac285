import { z } from 'zod';
import type { ConstraintDoc, ConstraintType, ProjectError, SourceLocation } from '../../../shared/project-types.js';

export const CONSTRAINT_TYPES: readonly ConstraintType[] = ['not_null', 'unique', 'primary_key', 'check', 'foreign_key', 'custom'];

export interface DeclaredConstraint extends ConstraintDoc {
  /** Written under a column (it holds on that column) or in the model's own `constraints:`. */
  level: 'column' | 'model';
  location: SourceLocation;
  /** dbt's `warn_unenforced: false`: the author knows it is not checked and asked not to be told. */
  warnUnenforced: boolean;
}

export interface DeclaredColumn {
  name: string;
  dataType?: string;
  /** Where the column's `data_type` is written (its `name` when it has none). */
  location: SourceLocation;
}

/** What a model's schema.yml entry declares for a contract: its columns' types and its constraints. */
export interface DeclaredContract {
  columns: DeclaredColumn[];
  constraints: DeclaredConstraint[];
  /** Malformed constraints, each naming its file and line: the model fails with them rather than build unchecked. */
  problems: ProjectError[];
}

const constraintSchema = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  expression: z.string().optional(),
  columns: z.array(z.string()).optional(),
  to: z.string().optional(),
  to_columns: z.array(z.string()).optional(),
  warn_unenforced: z.boolean().optional(),
  warn_unsupported: z.boolean().optional(),
});

interface ModelEntry {
  name: string;
  columns?: { name: string; data_type?: string; constraints?: unknown }[];
  constraints?: unknown;
}

type LineOf = (p: (string | number)[]) => number | undefined;

/** Reads the columns' `data_type` and `constraints` and the model's `constraints:` of one `models:` entry. */
export function declareContract(entry: ModelEntry, entryPath: (string | number)[], file: string, lineOf: LineOf): DeclaredContract {
  const at = (p: (string | number)[]): SourceLocation => ({ file, line: lineOf([...entryPath, ...p]) });
  const declared: DeclaredContract = { columns: [], constraints: [], problems: [] };
  const problem = (where: SourceLocation, message: string) => declared.problems.push({ ...where, severity: 'error', node: entry.name, message: `model '${entry.name}': ${message}` });

  const read = (raw: unknown, p: (string | number)[], column: string | null) => {
    if (raw === undefined || raw === null) return;
    if (!Array.isArray(raw)) {
      problem(at(p), `constraints must be a list of {type: ...} entries`);
      return;
    }
    raw.forEach((item, k) => {
      const where = at([...p, k]);
      const parsed = constraintSchema.safeParse(item);
      if (!parsed.success) {
        problem(where, `a constraint must be a mapping with a 'type' (one of ${CONSTRAINT_TYPES.join(', ')})`);
        return;
      }
      const outcome = constraintOf(parsed.data, column);
      if (typeof outcome === 'string') problem(where, outcome);
      else declared.constraints.push({ ...outcome, level: column === null ? 'model' : 'column', location: where, warnUnenforced: parsed.data.warn_unenforced !== false });
    });
  };

  (entry.columns ?? []).forEach((column, k) => {
    const typed = typeof column.data_type === 'string' && column.data_type.trim() !== '';
    declared.columns.push({ name: column.name, ...(typed ? { dataType: column.data_type } : {}), location: at(['columns', k, typed ? 'data_type' : 'name']) });
    read(column.constraints, ['columns', k, 'constraints'], column.name);
  });
  read(entry.constraints, ['constraints'], null);
  return declared;
}

/** One constraint entry as Assay holds it, or what is wrong with it. */
function constraintOf(raw: z.infer<typeof constraintSchema>, column: string | null): ConstraintDoc | string {
  const type = raw.type as ConstraintType;
  if (!CONSTRAINT_TYPES.includes(type)) return `unknown constraint type '${raw.type}' (dbt's are ${CONSTRAINT_TYPES.join(', ')})`;
  const columns = column !== null ? [column] : (raw.columns ?? []);
  if (column !== null && raw.columns && raw.columns.length > 0) return `a column's ${type} constraint holds on that column: 'columns' belongs to a model-level constraint`;
  if (column === null && columns.length === 0 && ['not_null', 'unique', 'primary_key', 'foreign_key'].includes(type)) return `a model-level ${type} constraint needs 'columns'`;
  const expression = raw.expression?.trim() || undefined;
  if ((type === 'check' || type === 'custom') && !expression) return `a ${type} constraint needs an 'expression'`;
  if (type === 'foreign_key' && !expression && !(raw.to && raw.to_columns && raw.to_columns.length > 0)) {
    return `a foreign_key constraint needs 'to' and 'to_columns' (or an 'expression' naming the referenced table and columns)`;
  }
  return {
    type,
    columns,
    ...(raw.name ? { name: raw.name } : {}),
    ...(expression ? { expression } : {}),
    ...(raw.to ? { to: raw.to } : {}),
    ...(raw.to_columns ? { toColumns: raw.to_columns } : {}),
  };
}

/** `models/marts/schema.yml:12`, as messages name a declaration. */
export function placeOf(location: SourceLocation): string {
  return location.line ? `${location.file}:${location.line}` : location.file;
}

/** `not_null on customer_id`, `check (quantity > 0)`, `primary_key on (a, b)`. */
export function describeConstraint(constraint: { type: string; columns: string[]; expression?: string }): string {
  const on = constraint.columns.length === 1 ? ` on ${constraint.columns[0]}` : constraint.columns.length > 1 ? ` on (${constraint.columns.join(', ')})` : '';
  const expression = constraint.type === 'check' && constraint.expression ? ` (${constraint.expression})` : '';
  return `constraint ${constraint.type}${on}${expression}`;
}
