import type { TestStatus } from '../../shared/test-types.js';
import { testStatuses } from './test-status.js';

/** The app's status palette as values (charts cannot read CSS variables); read-status-colours.ts reads it from the page. */
export type StatusColours = Record<TestStatus, string>;

/** A colour encoding that paints each mark by its `status` field with the palette, and no legend (the marks' tooltips say it). */
export function statusColourEncoding(colours: StatusColours): Record<string, unknown> {
  return { field: 'status', type: 'nominal', legend: null, scale: { domain: [...testStatuses], range: testStatuses.map((status) => colours[status]) } };
}
