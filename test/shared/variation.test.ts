import { describe, expect, it } from 'vitest';
import { compareVariation, worstStatus } from '../../shared/variation.js';

const drop20 = { errorPct: 20, warnPct: 10, direction: 'drop' as const };

describe('percentage variation', () => {
  it('fails a drop of a third, with the numbers', () => {
    expect(compareVariation(80, 120, drop20)).toMatchObject({ delta: -40, deltaPct: -33.33, status: 'fail' });
  });
  it('warns between the warn and error thresholds', () => {
    expect(compareVariation(105, 120, drop20).status).toBe('warn');
  });
  it('ignores a rise when watching drops, and catches it when watching both', () => {
    expect(compareVariation(200, 100, drop20).status).toBe('pass');
    expect(compareVariation(200, 100, { ...drop20, direction: 'both' }).status).toBe('fail');
  });
  it('does not flag small baselines', () => {
    expect(compareVariation(1, 5, { ...drop20, minBaseline: 10 })).toMatchObject({ status: 'pass', deltaPct: -80 });
  });
  it('gives a defined result for a zero baseline', () => {
    expect(compareVariation(0, 0, drop20)).toMatchObject({ status: 'pass', deltaPct: 0 });
    expect(compareVariation(5, 0, { ...drop20, direction: 'rise' })).toMatchObject({ status: 'fail', deltaPct: null, delta: 5 });
    expect(compareVariation(5, 0, drop20).status).toBe('pass');
  });
  it('skips when a side is missing', () => {
    expect(compareVariation(null, 3, drop20).status).toBe('skipped');
  });
  it('takes the worst status of several points', () => {
    expect(worstStatus(['pass', 'warn', 'fail'])).toBe('fail');
    expect(worstStatus(['pass', 'skipped'])).toBe('pass');
  });
});
