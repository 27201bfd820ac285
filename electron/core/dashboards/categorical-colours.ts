import type { ResultValue } from '../../../shared/dashboard-types.js';

/**
 * Enough distinct colours for a categorical field. Vega-Lite's default category scheme has ten
 * colours and repeats them from the eleventh value on: twelve brands drew with two oranges and two
 * blues, the first and the eleventh the same. A colour encoding on a nominal field whose data holds
 * more than ten values gets a palette of as many colours, each its own hue; a spec that chose its
 * own scheme, range or category palette is left as it is.
 */
export const DEFAULT_CATEGORY_COLOURS = 10;

const colourChannels = ['color', 'fill', 'stroke'] as const;
type Spec = Record<string, unknown>;

export function withDistinctColours(spec: Spec, rows: readonly Record<string, ResultValue>[]): Spec {
  if (hasCategoryPalette(spec)) return spec;
  return recolour(spec, rows);
}

/** `n` colours around the hue circle in OKLCH, at three lightnesses in turn so that neighbours differ in both. */
export function categoricalPalette(n: number): string[] {
  const lightness = [0.6, 0.75, 0.48];
  return Array.from({ length: n }, (_, i) => oklchToHex(lightness[i % 3] as number, 0.16, 250 + (i * 360) / n));
}

function recolour(spec: Spec, rows: readonly Record<string, ResultValue>[]): Spec {
  let out = spec;
  const encoding = spec.encoding;
  if (isObject(encoding)) {
    let recoloured = encoding;
    for (const channel of colourChannels) {
      const definition = encoding[channel];
      if (!isObject(definition) || !needsColours(definition)) continue;
      const values = new Set(rows.map((row) => row[definition.field as string]).filter((value) => value !== undefined));
      if (values.size <= DEFAULT_CATEGORY_COLOURS) continue;
      const scale = isObject(definition.scale) ? definition.scale : {};
      recoloured = { ...recoloured, [channel]: { ...definition, scale: { ...scale, range: categoricalPalette(values.size) } } };
    }
    if (recoloured !== encoding) out = { ...out, encoding: recoloured };
  }
  for (const key of ['layer', 'concat', 'hconcat', 'vconcat'] as const) {
    const children = spec[key];
    if (Array.isArray(children)) out = { ...out, [key]: children.map((child: unknown) => (isObject(child) ? recolour(child, rows) : child)) };
  }
  if (isObject(spec.spec)) out = { ...out, spec: recolour(spec.spec, rows) };
  return out;
}

/** A nominal field, not aggregated, whose scale names no colours of its own. */
function needsColours(definition: Spec): boolean {
  if (typeof definition.field !== 'string' || definition.aggregate !== undefined) return false;
  if (definition.type !== undefined && definition.type !== 'nominal') return false;
  if (definition.scale === null) return false;
  const scale = isObject(definition.scale) ? definition.scale : {};
  return scale.scheme === undefined && scale.range === undefined;
}

function hasCategoryPalette(spec: Spec): boolean {
  const config = spec.config;
  return isObject(config) && isObject(config.range) && config.range.category !== undefined;
}

function isObject(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OKLCH (Björn Ottosson's OKLab in polar form) to an sRGB hex colour. A colour outside what a
 * screen shows loses chroma until it fits, keeping its lightness and hue (clipping each channel
 * instead would shift its hue towards a neighbour's).
 */
export function oklchToHex(l: number, c: number, hueDegrees: number): string {
  let chroma = c;
  let rgb = oklchToLinearRgb(l, chroma, hueDegrees);
  while (chroma > 0 && rgb.some((v) => v < 0 || v > 1)) {
    chroma = Math.max(0, chroma - 0.005);
    rgb = oklchToLinearRgb(l, chroma, hueDegrees);
  }
  return `#${rgb.map((v) => Math.round(255 * gamma(Math.min(1, Math.max(0, v)))).toString(16).padStart(2, '0')).join('')}`;
}

function oklchToLinearRgb(l: number, c: number, hueDegrees: number): number[] {
  const h = (hueDegrees * Math.PI) / 180;
  const a = c * Math.cos(h);
  const b = c * Math.sin(h);
  const [L, M, S] = [l + 0.3963377774 * a + 0.2158037573 * b, l - 0.1055613458 * a - 0.0638541728 * b, l - 0.0894841775 * a - 1.291485548 * b].map((v) => v ** 3) as [number, number, number];
  return [
    4.0767416621 * L - 3.3077115913 * M + 0.2309699292 * S,
    -1.2684380046 * L + 2.6097574011 * M - 0.3413193965 * S,
    -0.0041960863 * L - 0.7034186147 * M + 1.707614701 * S,
  ];
}

function gamma(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
}
