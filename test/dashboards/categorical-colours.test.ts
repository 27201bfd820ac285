import { describe, expect, it } from 'vitest';
import { categoricalPalette, withDistinctColours } from '../../electron/core/dashboards/categorical-colours.js';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { renderSvg } from '../../electron/core/dashboards/render-svg.js';
import { builtDashboardProject, dashboardOf, oneElement } from './dashboard-project.js';

/** sRGB hex to OKLab, where a distance of about 0.02 is just noticeable. */
function oklab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}

function closestPair(colours: string[]): number {
  let closest = Infinity;
  for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) {
    const [a, b] = [oklab(colours[i] as string), oklab(colours[j] as string)];
    closest = Math.min(closest, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
  }
  return closest;
}

const brands = Array.from({ length: 12 }, (_, i) => ({ brand: `brand ${String(i + 1).padStart(2, '0')}`, n: i + 1 }));
const bars = { mark: 'bar', encoding: { x: { field: 'brand', type: 'nominal' }, y: { field: 'n', type: 'quantitative' }, color: { field: 'brand', type: 'nominal' } } };

describe('colours for a categorical field', () => {
  it('makes a palette whose colours stay apart: twelve further apart than Vega-Lite\'s ten (0.087), up to twenty still distinct', () => {
    expect(closestPair(['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'])).toBeCloseTo(0.087, 2);
    expect(closestPair(categoricalPalette(12))).toBeGreaterThan(0.1);
    for (let n = 11; n <= 20; n++) expect(closestPair(categoricalPalette(n)), `${n} colours`).toBeGreaterThan(0.06);
    expect(new Set(categoricalPalette(40)).size).toBe(40);
  });

  it('gives more than ten values as many colours, in layers too, and leaves everything else as written', () => {
    const recoloured = withDistinctColours(bars, brands) as typeof bars & { encoding: { color: { scale: { range: string[] } } } };
    expect(recoloured.encoding.color.scale.range).toHaveLength(12);
    expect(bars.encoding.color).not.toHaveProperty('scale');
    const layered = withDistinctColours({ layer: [bars, { mark: 'rule' }] }, brands) as { layer: { encoding?: { color?: { scale?: { range: string[] } } } }[] };
    expect(layered.layer[0]?.encoding?.color?.scale?.range).toHaveLength(12);

    const unchanged = [
      withDistinctColours(bars, brands.slice(0, 10)),
      withDistinctColours({ ...bars, encoding: { ...bars.encoding, color: { field: 'brand', type: 'nominal', scale: { scheme: 'category20' } } } }, brands),
      withDistinctColours({ ...bars, encoding: { ...bars.encoding, color: { field: 'n', type: 'quantitative' } } }, brands),
      withDistinctColours({ ...bars, config: { range: { category: ['red', 'blue'] } } }, brands),
    ];
    expect(unchanged.map((spec) => JSON.stringify(spec).includes('"range":["#'))).toEqual([false, false, false, false]);
  });

  it('reaches the drawn chart: twelve brands from DuckDB draw in twelve different colours', async () => {
    const query = "select 'brand ' || lpad((i + 1)::varchar, 2, '0') as brand, i + 1 as n from range(12) as t(i) order by brand";
    const spec = 'mark: bar\n      encoding:\n        x: {field: brand, type: nominal}\n        y: {field: n, type: quantitative}\n        color: {field: brand, type: nominal}';
    const root = await builtDashboardProject({ brands: oneElement(query, spec) });
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'brands') });
    const element = preview.elements[0];
    if (!element) throw new Error('no element');
    expect(element.rows).toHaveLength(12);
    const svg = await renderSvg(element);
    const fills = [...svg.matchAll(/<path[^>]*aria-roledescription="bar"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(fills).toHaveLength(12);
    expect(new Set(fills).size).toBe(12);
  });
});
