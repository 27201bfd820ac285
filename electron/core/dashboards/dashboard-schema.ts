import { z } from 'zod';
import { testEntrySchema } from '../project/schema-file.js';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const dateRange = z.strictObject({ start: isoDate, end: isoDate }).refine((r) => r.start <= r.end, 'start must not be after end');

const parameterBase = { name: identifier, label: z.string().optional() };

/** `select` takes its options from a SQL query (with `ref()`), or from a fixed list. */
const selectParameter = z
  .strictObject({
    ...parameterBase,
    type: z.literal('select'),
    default: z.union([z.string(), z.number()]).transform(String),
    options: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    options_query: z.string().min(1).optional(),
  })
  .refine((p) => (p.options === undefined) !== (p.options_query === undefined), 'a select needs options or options_query (one of them)');

export const parameterSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...parameterBase, type: z.literal('date_range'), default: dateRange }),
  selectParameter,
  z.strictObject({ ...parameterBase, type: z.literal('number'), default: z.number(), min: z.number().optional(), max: z.number().optional(), step: z.number().positive().optional() }),
  z.strictObject({ ...parameterBase, type: z.literal('text'), default: z.string().max(1000) }),
]);

export const elementSchema = z.strictObject({
  /** Optional: an element without one is named after its title (see `named`). */
  name: identifier.optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** SQL with `ref()`; parameters are written `$name` (`$period_start`, `$period_end` for a date range). */
  query: z.string().min(1),
  /** A Vega-Lite spec without `data`: the query's rows are its data. */
  spec: z.record(z.string(), z.unknown()),
  span: z.number().int().min(1).max(12).optional(),
  /** Output-stage tests on the element's result, written like schema.yml's `tests:`. */
  tests: z.array(testEntrySchema).optional(),
});

/** `dashboards/<name>.yml`. */
export const dashboardFileSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  parameters: z.array(parameterSchema).optional(),
  layout: z.strictObject({ columns: z.number().int().min(1).max(12) }).optional(),
  elements: z.array(elementSchema).min(1, 'a dashboard needs at least one element').transform(named),
});

/** An element without a `name` takes one from its title (`Monthly revenue` → `monthly_revenue`), else its place; names stay unique. */
function named(elements: z.input<typeof elementSchema>[]) {
  const taken = new Set(elements.map((e) => e.name).filter(Boolean));
  return elements.map((element, i) => {
    if (element.name) return { ...element, name: element.name };
    const base = (element.title ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || `element_${i + 1}`;
    let name = /^[0-9]/.test(base) ? `e_${base}` : base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return { ...element, name };
  });
}

export type DashboardFile = z.infer<typeof dashboardFileSchema>;
export type ParameterDefinition = z.infer<typeof parameterSchema>;
export type ElementDefinition = z.infer<typeof elementSchema>;
export { dateRange as dateRangeSchema };
