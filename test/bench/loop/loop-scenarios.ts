/** What the loop bench saves: a model's SQL with a marker put in its rows, and where the marker should show. */

export interface Scenario {
  /** What BENCH_LOOP_SCENARIO selects it by. */
  key: string;
  name: string;
  /** The model whose SQL is saved. */
  changed: string;
  /** The model whose data preview is open (a leaf a dashboard reads). */
  previewed: string;
  /** The dashboard element that reads it, and its dashboard. */
  element: string;
  dashboard: string;
  tag: string;
  /** The model's SQL with `marker` put in its rows, so that the preview and the chart show it. */
  edit(sql: string, marker: string): string;
}

export const SCENARIOS: Scenario[] = [
  {
    key: 'leaf',
    name: 'leaf change (dim_customer)',
    changed: 'dim_customer',
    previewed: 'dim_customer',
    element: 'top_prescribers',
    dashboard: 'launch',
    tag: 'L',
    // A prefix, so that a chart label cut short at its end still shows it.
    edit: (sql, marker) => replaceOnce(sql, '    c.customer_name,', `    '${marker} ' || c.customer_name as customer_name,`),
  },
  {
    key: 'up',
    name: 'change two levels up (stg_customers, read through dim_customer)',
    changed: 'stg_customers',
    previewed: 'dim_customer',
    element: 'top_prescribers',
    dashboard: 'launch',
    tag: 'U',
    edit: (sql, marker) => replaceOnce(sql, '        name as customer_name,', `        '${marker} ' || name as customer_name,`),
  },
];

export function replaceOnce(text: string, find: string, replacement: string): string {
  if (!text.includes(find)) throw new Error(`loop bench: the example model no longer contains '${find.trim()}': update the edit in loop.bench.ts`);
  return text.replace(find, replacement);
}
