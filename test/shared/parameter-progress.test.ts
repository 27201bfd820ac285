import { describe, expect, it } from 'vitest';
import { parameterProgressText } from '../../shared/parameter-progress.js';

describe('a parametric model’s progress in words', () => {
  it('gives the plan, then each value computed', () => {
    expect(parameterProgressText({ parameter: 'as_of_month', computed: 0, toCompute: 1, reused: 11, dropped: 2 })).toBe('as_of_month: 1 value(s) to compute, 11 kept, 2 dropped');
    expect(parameterProgressText({ parameter: 'as_of_month', value: '2024-03-01', computed: 3, toCompute: 12, reused: 0, dropped: 0, rows: 1, ms: 20 })).toBe('as_of_month = 2024-03-01 (3/12), 0 kept');
  });
});
