import { describe, expect, it } from 'vitest';
import { NOT_SELECTED } from '../../shared/build-types.js';
import { describeBuild, displayStatus, NO_COUNTS } from '../../renderer/build/build-outcome.js';

describe("the status line's words for a build (issue 19)", () => {
  it('says what was built and reused, never "Rebuilt 0 node(s)"', () => {
    expect(describeBuild('ok', { ...NO_COUNTS, built: 14 }, { ms: 1260 }).message).toBe('Built 14 nodes in 1.3s');
    expect(describeBuild('ok', { ...NO_COUNTS, built: 1, reused: 13 }, { ms: 400 }).message).toBe('Built 1 node, reused 13 in 0.4s');
    expect(describeBuild('ok', { ...NO_COUNTS, reused: 14 }).message).toBe('Nothing to rebuild: 14 nodes reused');
    expect(describeBuild('up-to-date', NO_COUNTS).message).toBe('Up to date: nothing to rebuild');
    expect(describeBuild('failed', { ...NO_COUNTS, built: 3, failed: 1, skipped: 4 }).message).toBe('Failed: 1 error, 4 skipped');
  });

  it('speaks for every build a test run made, so its last, up-to-date build does not read "up to date"', () => {
    expect(describeBuild('up-to-date', { ...NO_COUNTS, reused: 14 }, { forTests: true })).toEqual({ status: 'ok', message: 'Built for the tests: 14 nodes reused' });
    expect(describeBuild('up-to-date', NO_COUNTS, { forTests: true }).message).toBe('Up to date for the tests');
  });

  it('shows a node a partial build left out, never built, as not built rather than skipped', () => {
    expect(displayStatus('skipped', NOT_SELECTED)).toBe('not-built');
    expect(displayStatus('skipped', 'upstream dim_product failed')).toBe('skipped');
  });
});
