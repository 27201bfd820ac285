import type { ElementResult, ResolvedParameter } from '../../../shared/dashboard-types.js';
import type { EngineConnection } from '../engine/engine.js';
import type { Dashboard, LoadedParameter } from './dashboard.js';
import { placeholderValues, resolveParameterValues } from './parameter-values.js';
import type { CatalogEntry } from '../env/catalog.js';
import { ElementResultCache, elementKey } from './element-result-cache.js';
import { queryCapped, runElement } from './run-element.js';
import { selectValueWarning } from './select-value-warning.js';

const MAX_OPTIONS = 1000;

export interface DashboardRun {
  parameters: ResolvedParameter[];
  elements: ElementResult[];
}

/** Where an element's earlier results are kept, and the catalog of the environment they are asked on. */
export interface KeptResults {
  cache: ElementResultCache;
  entries: ReadonlyMap<string, CatalogEntry>;
  setup: string[];
}

/**
 * Runs every element of a dashboard on one open environment, one after the other on its connection;
 * with `kept`, an element whose inputs did not change since an earlier run is answered from it.
 */
export async function runDashboard(conn: EngineConnection, dashboard: Dashboard, asked: Record<string, unknown>, rowCap: number, kept?: KeptResults): Promise<DashboardRun> {
  const values = resolveParameterValues(dashboard.parameters, asked);
  const bound = placeholderValues(dashboard.parameters, values);
  const parameters: ResolvedParameter[] = [];
  for (const p of dashboard.parameters) {
    const { optionsSql: _sql, ...definition } = p;
    const resolved = { ...definition, value: values[p.name] ?? p.default } as ResolvedParameter;
    if (resolved.type === 'select') {
      const options = await selectOptions(conn, p);
      resolved.options = options.values;
      const warning = selectValueWarning(p.name, String(resolved.value), options.values, options.complete);
      if (warning) resolved.warning = warning;
    }
    parameters.push(resolved);
  }
  const elements: ElementResult[] = [];
  for (const element of dashboard.elements) {
    const key = kept ? elementKey(element, bound, kept.entries, kept.setup, rowCap) : null;
    const run = () => runElement(conn, element, bound, rowCap);
    elements.push(kept && key ? await kept.cache.answer(key, run) : await run());
  }
  return { parameters, elements };
}

/**
 * A select's options: its fixed list, or the first column of its options query (a failing query
 * leaves the default alone). `complete` is false when the query failed or returned more than
 * MAX_OPTIONS rows: a value outside the list may then be valid.
 */
async function selectOptions(conn: EngineConnection, p: LoadedParameter): Promise<{ values: string[]; complete: boolean }> {
  if (p.type !== 'select') return { values: [], complete: false };
  if (!p.optionsSql) return { values: p.options, complete: true };
  const result = await queryCapped(conn, p.optionsSql, new Map(), MAX_OPTIONS);
  if (!result.ok) return { values: [p.default], complete: false };
  const first = result.columns[0]?.name;
  const complete = result.rows.length <= MAX_OPTIONS;
  const options = first === undefined ? [] : result.rows.slice(0, MAX_OPTIONS).map((r) => String(r[first] ?? ''));
  return { values: options.includes(p.default) ? options : [p.default, ...options], complete };
}
