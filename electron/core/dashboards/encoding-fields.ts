/**
 * The data fields a Vega-Lite spec reads in its encodings, and the fields its own transforms
 * derive (which the query need not return).
 */
export interface SpecFields {
  /** Fields read by encodings, with the path of the encoding channel that reads each. */
  read: { field: string; path: (string | number)[] }[];
  derived: Set<string>;
}

const VIEW_CHILDREN = ['layer', 'concat', 'hconcat', 'vconcat'] as const;

export function specFields(spec: Record<string, unknown>): SpecFields {
  const out: SpecFields = { read: [], derived: new Set() };
  visitView(spec, [], out);
  return out;
}

/** The fields an encoding reads that are neither columns of the result nor derived by the spec. */
export function missingFields(spec: Record<string, unknown>, columns: string[]): { field: string; path: (string | number)[] }[] {
  const { read, derived } = specFields(spec);
  if (derived.has('*')) return [];
  const have = new Set(columns);
  return read.filter(({ field }) => !have.has(field) && !derived.has(field));
}

function visitView(view: Record<string, unknown>, path: (string | number)[], out: SpecFields): void {
  if (isRecord(view.encoding)) collectFields(view.encoding, [...path, 'encoding'], out);
  if (Array.isArray(view.transform)) for (const t of view.transform) collectDerived(t, out);
  for (const key of VIEW_CHILDREN) {
    const children = view[key];
    if (Array.isArray(children)) children.forEach((child, i) => isRecord(child) && visitView(child, [...path, key, i], out));
  }
  if (isRecord(view.spec)) visitView(view.spec, [...path, 'spec'], out);
}

/** Every `field` string inside an encoding (channels, tooltips lists, conditions, sort by field). */
function collectFields(node: unknown, path: (string | number)[], out: SpecFields): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collectFields(item, [...path, i], out));
    return;
  }
  if (!isRecord(node)) return;
  if (typeof node.field === 'string') out.read.push({ field: topLevelField(node.field), path });
  for (const [key, value] of Object.entries(node)) if (key !== 'field' && typeof value === 'object') collectFields(value, [...path, key], out);
}

/** `as` of calculate, aggregate, window, fold, timeUnit, bin, lookup... wherever it appears in a transform. */
function collectDerived(node: unknown, out: SpecFields): void {
  if (Array.isArray(node)) {
    for (const item of node) collectDerived(item, out);
    return;
  }
  if (!isRecord(node)) return;
  if ('fold' in node && node.as === undefined) ['key', 'value'].forEach((f) => out.derived.add(f));
  if ('pivot' in node) out.derived.add('*');
  const as = node.as;
  if (typeof as === 'string') out.derived.add(as);
  if (Array.isArray(as)) for (const a of as) if (typeof a === 'string') out.derived.add(a);
  for (const value of Object.values(node)) if (typeof value === 'object') collectDerived(value, out);
}

/** `a.b` reads field `a` (nested access); `a\.b` is the field named `a.b`. */
function topLevelField(field: string): string {
  const match = /^((?:[^.\\]|\\.)*)/.exec(field);
  return (match?.[1] ?? field).replaceAll('\\.', '.');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
