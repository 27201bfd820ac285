import type { DashboardPreview, ElementResult } from '../../shared/dashboard-types.js';

/**
 * The new preview of a dashboard, where each element that shows exactly what it showed before is
 * the element object shown before: its tile is not rendered and its chart not drawn again. After a
 * save most elements come back unchanged (answered from the app's kept results), and drawing four
 * charts again cost the page more than the query that changed one.
 */
export function keepUnchangedElements(previous: DashboardPreview | null, next: DashboardPreview): DashboardPreview {
  if (!previous || previous.name !== next.name) return next;
  const shown = new Map(previous.elements.map((element) => [element.name, element]));
  const elements = next.elements.map((element) => {
    const before = shown.get(element.name);
    return before && sameContent(before, element) ? before : element;
  });
  return { ...next, elements };
}

/** Everything a tile shows but the time its query took and whether it was kept. */
function sameContent(a: ElementResult, b: ElementResult): boolean {
  const { ms: _a, cached: _ac, ...shownA } = a;
  const { ms: _b, cached: _bc, ...shownB } = b;
  return JSON.stringify(shownA) === JSON.stringify(shownB);
}
