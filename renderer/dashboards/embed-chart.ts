import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { ResultValue } from '../../shared/dashboard-types.js';

/**
 * Draws a data-less Vega-Lite spec with the query's rows. The page's CSP has no 'unsafe-eval', and
 * Vega compiles its expressions with `new Function` by default: `ast: true` keeps the parsed
 * expressions and vega-interpreter evaluates them instead, so nothing is eval'd.
 */
export async function embedChart(target: HTMLElement, spec: Record<string, unknown>, rows: Record<string, ResultValue>[]): Promise<Result> {
  const full = {
    ...spec,
    data: { values: rows },
    width: spec.width ?? 'container',
    autosize: spec.autosize ?? { type: 'fit', contains: 'padding' },
  };
  return embed(target, full as Parameters<typeof embed>[1], { renderer: 'svg', actions: false, ast: true, expr: expressionInterpreter });
}

/** One chart as a file: SVG text, or a PNG data URL. */
export async function exportChart(result: Result, format: 'svg' | 'png'): Promise<string> {
  if (format === 'svg') return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await result.view.toSVG())}`;
  return result.view.toImageURL('png', 2);
}
