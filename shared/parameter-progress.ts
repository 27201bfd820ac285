import type { ParameterProgress } from './build-types.js';

/** A parametric model's progress in words: the plan (`12 to compute, 0 kept`), then each value as it is computed. */
export function parameterProgressText(p: ParameterProgress): string {
  const kept = `${p.reused} kept${p.dropped > 0 ? `, ${p.dropped} dropped` : ''}`;
  if (p.value === undefined) return `${p.parameter}: ${p.toCompute} value(s) to compute, ${kept}`;
  return `${p.parameter} = ${p.value} (${p.computed}/${p.toCompute}), ${kept}`;
}
