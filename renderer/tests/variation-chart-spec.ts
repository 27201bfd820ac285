import type { VariationPoint, VariationSettings } from '../../shared/test-types.js';
import { statusColourEncoding, type StatusColours } from './status-colours.js';
import { thresholdRuleLayers, type ThresholdRule } from './threshold-rules.js';

/** The points the chart can draw (those with a percentage change), one bar each, labelled by period and group. */
export function chartablePoints(points: readonly VariationPoint[]): { label: string; change: number; status: string; current: number | null; baseline: number | null }[] {
  return points.flatMap((point) =>
    point.deltaPct === null ? [] : [{ label: [point.period, point.group].filter(Boolean).join(' · ') || '—', change: point.deltaPct, status: point.status, current: point.current, baseline: point.baseline }],
  );
}

/** The thresholds on the change, signed by the direction they watch: a drop of 20 % is the line at −20. */
export function variationRules(settings: VariationSettings | undefined, colours: StatusColours): ThresholdRule[] {
  if (!settings) return [];
  const signs = settings.direction === 'drop' ? [-1] : settings.direction === 'rise' ? [1] : [-1, 1];
  const levels = [
    settings.error_pct !== null ? { pct: settings.error_pct, word: 'fails', colour: colours.fail } : null,
    settings.warn_pct !== null ? { pct: settings.warn_pct, word: 'warns', colour: colours.warn } : null,
  ].filter((level) => level !== null);
  // The outer line's label sits outside it and the inner one's towards zero, so the two never overlap.
  const outer = Math.max(...levels.map((level) => level.pct));
  return levels.flatMap((level) =>
    signs.map((sign) => ({
      value: sign * level.pct,
      label: `${level.word} past ${sign < 0 ? '−' : '+'}${level.pct} %`,
      colour: level.colour,
      labelSide: (level.pct === outer) === sign > 0 ? ('above' as const) : ('below' as const),
    })),
  );
}

/** A variation test's change per period as bars in their status colours, with its thresholds as dashed rules. */
export function variationChartSpec(settings: VariationSettings | undefined, colours: StatusColours): Record<string, unknown> {
  const x = { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -40, labelOverlap: true } };
  const y = { field: 'change', type: 'quantitative', title: 'Change, %' };
  return {
    height: 170,
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x,
          y,
          color: statusColourEncoding(colours),
          tooltip: [
            { field: 'label', title: 'Period' },
            { field: 'current', type: 'quantitative', title: 'Value', format: ',' },
            { field: 'baseline', type: 'quantitative', title: 'Baseline', format: ',' },
            { field: 'change', type: 'quantitative', title: 'Change, %', format: '+.1f' },
            { field: 'status', title: 'Status' },
          ],
        },
      },
      { data: { values: [{ change: 0 }] }, mark: { type: 'rule', color: '#8a94a3' }, encoding: { y } },
      ...thresholdRuleLayers(variationRules(settings, colours), 'change'),
    ],
  };
}
