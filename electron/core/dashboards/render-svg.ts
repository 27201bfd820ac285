import type { TopLevelSpec } from 'vega-lite';
import type { ElementResult } from '../../../shared/dashboard-types.js';

const DEFAULT_SIZE = { width: 480, height: 260 };

/** The spec an element draws: its own, with the query's rows as data and a fixed size when it asked for the container's. */
export function specWithData(element: Pick<ElementResult, 'spec' | 'rows' | 'title'>, size = DEFAULT_SIZE): TopLevelSpec {
  const spec: Record<string, unknown> = { title: element.title, ...element.spec, data: { values: element.rows } };
  for (const key of ['width', 'height'] as const) if (spec[key] === undefined || spec[key] === 'container') spec[key] = size[key];
  return spec as unknown as TopLevelSpec;
}

/**
 * Draws one element to SVG in Node, with no browser: Vega-Lite compiles the spec to Vega, and a
 * Vega view with the headless renderer writes the SVG (for `assay dashboard preview --svg`,
 * reports and tests).
 */
export async function renderSvg(element: Pick<ElementResult, 'spec' | 'rows' | 'title'>): Promise<string> {
  // Loaded on first use: vega and vega-lite cost most of a second to import, and every `assay` command would pay it.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile(specWithData(element));
  const view = new View(parse(compiled.spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
