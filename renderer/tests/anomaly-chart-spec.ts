import { anomalyPointWords, metricWords } from '../../shared/anomaly-words.js';
import type { AnomalyOutcome } from '../../shared/test-types.js';
import { statusColourEncoding, type StatusColours } from './status-colours.js';

export interface AnomalyChartRow {
  [field: string]: string | number | null;
  bucket: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** A test status for scored buckets; `training` for the history shown before them. */
  status: string;
  words: string;
}

/** One metric's buckets, oldest first, as the chart's rows. */
export function anomalyChartRows(outcome: AnomalyOutcome, metric: string): AnomalyChartRow[] {
  return outcome.points
    .filter((p) => p.metric === metric)
    .map((p) => ({
      bucket: p.bucket, value: p.value, lower: p.lower, upper: p.upper,
      status: p.role === 'training' ? 'training' : p.status,
      words: anomalyPointWords(p, outcome.settings.subject),
    }));
}

/**
 * An anomaly test's metric per bucket: the band each scored bucket expected as an area, the values
 * as a line, each scored bucket a point in its status colour (the flagged ones larger), the
 * training buckets before them grey.
 */
export function anomalyChartSpec(outcome: AnomalyOutcome, metric: string, colours: StatusColours): Record<string, unknown> {
  // The buckets in time order: each layer draws a subset of them, and an ordinal scale would otherwise list them in the order the layers meet them.
  const buckets = [...new Set(outcome.points.filter((p) => p.metric === metric).map((p) => p.bucket))];
  const x = { field: 'bucket', type: 'ordinal', sort: null, title: null, scale: { domain: buckets }, axis: { labelAngle: -40, labelOverlap: true } };
  const title = metricWords(metric, outcome.settings.subject);
  const y = { field: 'value', type: 'quantitative', title, scale: { zero: false } };
  const tooltip = [{ field: 'words', title: outcome.settings.mode === 'run' ? 'Run' : 'Bucket' }, { field: 'status', title: 'Status' }];
  const scored = { filter: "datum.status !== 'training' && isValid(datum.value)" };
  return {
    height: 170,
    layer: [
      {
        transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
        mark: { type: 'area', opacity: 0.25, color: colours.pass },
        encoding: { x, y: { field: 'lower', type: 'quantitative', title, scale: { zero: false } }, y2: { field: 'upper' }, tooltip: [{ field: 'lower', title: 'Expected from', format: ',.1f' }, { field: 'upper', title: 'to', format: ',.1f' }] },
      },
      { transform: [{ filter: 'isValid(datum.value)' }], mark: { type: 'line', color: '#8a94a3', strokeWidth: 1.5 }, encoding: { x, y } },
      { transform: [{ filter: "datum.status === 'training' && isValid(datum.value)" }], mark: { type: 'point', filled: true, color: '#9aa3b5', size: 30 }, encoding: { x, y, tooltip } },
      {
        transform: [scored],
        mark: { type: 'point', filled: true },
        encoding: {
          x, y, tooltip,
          color: statusColourEncoding(colours),
          size: { condition: { test: "datum.status === 'fail' || datum.status === 'warn'", value: 140 }, value: 40 },
        },
      },
    ],
  };
}
