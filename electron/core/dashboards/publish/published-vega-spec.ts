import type { DashboardPreview } from '../../../../shared/dashboard-types.js';
import { withoutEmbedOptions } from './published-page-policy.js';

/** The dataset a published chart's rows go into, by name, so that a re-query replaces them in place. */
export const ROWS_DATASET = 'assay_rows';

/** A chart as a published page draws it: Vega compiled from its Vega-Lite, or why it could not be. */
export type PublishedChart = { vega: Record<string, unknown> } | { error: string };

/** Vega-Lite's warnings are for the author, who sees them in Assay; a publish stays quiet. */
interface QuietLogger {
  level(): QuietLogger;
  error(): QuietLogger;
  warn(): QuietLogger;
  info(): QuietLogger;
  debug(): QuietLogger;
}
const quiet: QuietLogger = { level: () => quiet, error: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet };

/**
 * Compiles each chart of a dashboard to Vega at publish time, so that the page loads neither
 * Vega-Lite (a third of its scripts) nor compiles anything before drawing (issue 19: charts drawn
 * under 1 s). The rows are not in the spec: the page puts them into the `assay_rows` dataset, which
 * the compiled spec reads by name, as it does again after a re-query.
 */
export async function publishedCharts(preview: DashboardPreview): Promise<Map<string, PublishedChart>> {
  // Loaded on publish only: Vega-Lite costs a large part of a second to import.
  const { compile } = await import('vega-lite');
  const charts = new Map<string, PublishedChart>();
  for (const element of preview.elements) {
    if (element.error) continue;
    const spec = withoutEmbedOptions(element.spec);
    const datasets = { ...(spec.datasets as Record<string, unknown> | undefined) };
    delete datasets[ROWS_DATASET];
    const drawn = { ...spec, data: { name: ROWS_DATASET }, datasets, width: spec.width || 'container', autosize: { type: 'fit', contains: 'padding' } };
    try {
      charts.set(element.name, { vega: compile(drawn as Parameters<typeof compile>[0], { logger: quiet }).spec as unknown as Record<string, unknown> });
    } catch (err) {
      charts.set(element.name, { error: `the chart's Vega-Lite spec does not compile: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return charts;
}
