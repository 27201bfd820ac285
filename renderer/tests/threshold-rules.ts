/** One threshold to draw across a chart: a dashed line at `value` on the y scale, labelled at its right end. */
export interface ThresholdRule {
  value: number;
  label: string;
  colour: string;
  /** Which side of the line the label sits on, so that two close lines keep their labels apart. */
  labelSide: 'above' | 'below';
}

/**
 * Vega-Lite layers drawing each threshold as a dashed rule with its label, each with data of its
 * own. `yField` is the chart's own y field, so that the rules share its scale and axis title.
 */
export function thresholdRuleLayers(rules: ThresholdRule[], yField: string): Record<string, unknown>[] {
  const y = { field: yField, type: 'quantitative' };
  return rules.map((rule) => ({
    data: { values: [{ [yField]: rule.value, label: rule.label }] },
    layer: [
      { mark: { type: 'rule', color: rule.colour, strokeDash: [5, 3], strokeWidth: 1.5 }, encoding: { y } },
      {
        mark: {
          type: 'text',
          color: rule.colour,
          align: 'right',
          baseline: rule.labelSide === 'above' ? 'bottom' : 'top',
          dy: rule.labelSide === 'above' ? -2 : 2,
          x: 'width',
          fontSize: 10,
          fontWeight: 'bold',
        },
        encoding: { y, text: { field: 'label' } },
      },
    ],
  }));
}
