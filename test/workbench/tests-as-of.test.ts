import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('runTests as of a delivery, through the Workbench (issue 17)', () => {
  let t: TempWorkbench;
  beforeAll(async () => {
    t = await openTempWorkbench('pharma-launch');
  });
  afterAll(async () => t.dispose());

  it("tests the example's lake before and on the defective September delivery, leaving the branch's own board alone", async () => {
    const august = await t.call('runTests', { asOf: '2024-08' });
    expect(august.env).toBe('main^as-of~2024-08');
    expect(august.tests.find((r) => r.id === 'variation.fact_prescriptions')?.status).toBe('pass');
    const september = await t.call('runTests', { asOf: '2024-09' });
    expect(september.env).toBe('main^as-of~2024-09');
    expect(september.tests.find((r) => r.id === 'variation.fact_prescriptions')).toMatchObject({ status: 'fail', observed: 80, baseline: 120 });
    expect(await t.call('latestTestReport', {})).toBeNull();
  });

  it('refuses a date it cannot read, saying how to write one', async () => {
    await expect(t.call('runTests', { asOf: '2024-13' })).rejects.toThrow("--as-of '2024-13' is not a date: write it as YYYY-MM, YYYY-MM-DD or YYYYMMDD");
  });
});
