import { afterEach, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('suggestTests and acceptSuggestedTests through the workbench\'s dispatch (issue 15)', () => {
  let t: TempWorkbench | undefined;
  afterEach(async () => t?.dispose());

  it('suggests on the checked-out branch\'s environment, writes accepted tests and the project state holds them at once', async () => {
    t = await openTempWorkbench('pharma-launch');
    const unbuilt = await t.workbench.dispatch('suggestTests', { node: 'dim_customer' });
    expect(unbuilt).toEqual({ ok: false, error: "environment 'main' has not been built yet: run a build first (tests are suggested from the built data)" });
    await t.call('startBuild', {});
    const suggested = await t.call('suggestTests', { node: 'dim_customer' });
    expect(suggested).toMatchObject({ node: 'dim_customer', env: 'main', target: { file: 'models/marts/schema.yml', declared: true, exists: true } });
    expect(suggested.suggestions.map((s) => s.id)).toContain('accepted_values.specialty');

    const accepted = await t.call('acceptSuggestedTests', { node: 'dim_customer', ids: ['not_null.specialty', 'accepted_values.specialty'] });
    expect(accepted.added.map((s) => s.id)).toEqual(['not_null.specialty', 'accepted_values.specialty']);
    const state = await t.call('projectState', {});
    const declared = state?.project.tests.filter((test) => test.node === 'dim_customer' && test.column === 'specialty').map((test) => test.kind);
    expect(declared).toEqual(['not_null', 'accepted_values']);

    expect(await t.workbench.dispatch('acceptSuggestedTests', { node: 'dim_customer', ids: [] })).toMatchObject({ ok: false, error: expect.stringContaining('invalid argument for acceptSuggestedTests: ids') });
    expect(await t.workbench.dispatch('acceptSuggestedTests', { node: 'dim_customer', ids: ['not_null.specialty'] })).toMatchObject({ ok: false, error: expect.stringContaining('not (or no longer) suggested for dim_customer: not_null.specialty') });
  });
});
