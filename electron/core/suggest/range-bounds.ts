/**
 * The observed min and max rounded outward to the column's order of magnitude (the power of ten
 * of its largest absolute value): 4.8..636 gives 0..700, 1982..1992 gives 1000..2000. A range test
 * is there to catch a value on the wrong scale or of the wrong sign, not to pin today's extremes,
 * so a new value a little beyond them does not fail it.
 */
export function roundedRange(min: number, max: number): { min: number; max: number } {
  const scale = Math.max(Math.abs(min), Math.abs(max));
  if (scale === 0 || !Number.isFinite(scale)) return { min, max };
  const exponent = Math.floor(Math.log10(scale));
  const step = 10 ** exponent;
  const tidy = (x: number) => Number(x.toFixed(Math.max(0, -exponent)));
  return { min: tidy(Math.floor(min / step) * step), max: tidy(Math.ceil(max / step) * step) };
}
