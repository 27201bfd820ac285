import type { DashboardComparison, ElementComparison, ElementResult } from '../../../shared/dashboard-types.js';
import { changedValues, keysAndMeasures } from './changed-values.js';
import type { Dashboard } from './dashboard.js';
import { runOn } from './preview-dashboard.js';
import { DEFAULT_ROW_CAP } from './run-element.js';

export interface CompareOptions {
  projectRoot: string;
  dashboard: Dashboard;
  baseEnv: string;
  compareEnv: string;
  params?: Record<string, unknown>;
  rowCap?: number;
  /** See PreviewOptions.reuseResults. */
  reuseResults?: boolean;
}

/**
 * One dashboard on two environments with the same parameters: both sides of every tile, and the
 * values that changed, matched on the tile's non-measure fields. The definition is the working
 * tree's on both sides, so a dashboard being edited on a branch can be checked against main's data.
 */
export async function compareDashboards(options: CompareOptions): Promise<DashboardComparison> {
  const rowCap = options.rowCap ?? DEFAULT_ROW_CAP;
  const params = options.params ?? {};
  const base = await runOn(options.projectRoot, options.baseEnv, options.dashboard, params, rowCap, options.reuseResults);
  const compare = await runOn(options.projectRoot, options.compareEnv, options.dashboard, params, rowCap, options.reuseResults);
  const d = options.dashboard;
  return {
    name: d.name, title: d.title, columns: d.columns, base: base.environment, compare: compare.environment,
    parameters: compare.run.parameters,
    elements: compare.run.elements.map((after, i) => compareElement(base.run.elements[i] as ElementResult, after)),
  };
}

function compareElement(base: ElementResult, compare: ElementResult): ElementComparison {
  const out = { name: compare.name, title: compare.title, base, compare };
  if (base.error || compare.error) return { ...out, keys: [], measures: [], changes: [], moreChanges: 0 };
  const { keys, measures } = keysAndMeasures(compare.columns, compare.spec);
  const { changes, more } = changedValues(base.rows, compare.rows, keys, measures);
  return { ...out, keys, measures, changes, moreChanges: more };
}
