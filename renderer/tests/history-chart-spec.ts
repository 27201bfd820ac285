import type { TestHistoryPoint } from '../../shared/api.js';
import type { ObservedLimit } from './observed-limits.js';
import { statusColourEncoding, type StatusColours } from './status-colours.js';
import { thresholdRuleLayers } from './threshold-rules.js';

// A type, not an interface: a chart's rows are records.
export type ChartableRun = {
  /** The run's place and time on the x axis: "#2 · 5 Dec 06:56". */
  run: string;
  at: string;
  commit: string;
  status: string;
  observed: number;
};

const shortTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** The runs the chart can draw: those whose observed value is a number, numbered in the order they ran. */
export function chartableRuns(history: readonly TestHistoryPoint[]): ChartableRun[] {
  return history.flatMap((point, index) =>
    typeof point.observed === 'number'
      ? [{ run: `#${index + 1} · ${shortTime.format(new Date(point.at))}`, at: point.at, commit: point.commit?.slice(0, 8) ?? 'uncommitted', status: point.status, observed: point.observed }]
      : [],
  );
}

/**
 * A test's observed value over its past runs as a small Vega-Lite chart: the runs in order on x
 * (evenly spaced: a run is an event, whatever the time between two), the value on y, a dot per run
 * in its status colour, and each limit the value is held to as a dashed rule. Counts (failing
 * rows, rows) get whole-number ticks, and a scale that shows the line at 0 when nothing moved.
 */
export function historyChartSpec(runs: readonly ChartableRun[], limits: readonly ObservedLimit[], colours: StatusColours, yTitle: string, counts: boolean): Record<string, unknown> {
  const highest = Math.max(0, ...runs.map((run) => run.observed), ...limits.map((limit) => limit.value));
  const x = { field: 'run', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0, labelOverlap: true } };
  const y = {
    field: 'observed',
    type: 'quantitative',
    title: yTitle,
    scale: highest === 0 ? { domain: [0, 1] } : { zero: true, nice: true },
    axis: { tickCount: 4, format: ',~g', ...(counts ? { tickMinStep: 1 } : {}) },
  };
  return {
    height: 120,
    layer: [
      { mark: { type: 'line', color: '#8a94a3', strokeWidth: 1.5 }, encoding: { x, y } },
      {
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          x,
          y,
          color: statusColourEncoding(colours),
          tooltip: [
            { field: 'at', type: 'temporal', title: 'Run', format: '%d %b %Y %H:%M:%S' },
            { field: 'commit', title: 'Commit' },
            { field: 'observed', type: 'quantitative', title: 'Observed', format: ',' },
            { field: 'status', title: 'Status' },
          ],
        },
      },
      ...thresholdRuleLayers(limits.map((limit) => ({ ...limit, colour: colours.fail, labelSide: 'above' as const })), 'observed'),
    ],
  };
}
