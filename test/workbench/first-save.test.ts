import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('saving a model in an environment that was never built (issue 19)', () => {
  let t: TempWorkbench;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop', { autoBuild: true, debounceMs: 50 });
  });
  afterAll(async () => t.dispose());

  it('builds the saved model with the parents it reads, and leaves the rest not built', async () => {
    const sql = `${await readFile(path.join(t.root, 'models/marts/customers.sql'), 'utf8')}\n-- reviewed\n`;
    await t.call('saveModel', { node: 'customers', sql });
    await t.workbench.settled();
    const states = new Map((await t.call('environmentStatus', {})).map((state) => [state.node, state.status]));
    for (const node of ['customers', 'stg_customers', 'stg_orders', 'stg_payments', 'raw_customers', 'raw_orders', 'raw_payments']) {
      expect(states.get(node), node).toBe('built');
    }
    // orders is no parent of customers: a save does not build it, and it is not built, rather than skipped.
    expect(states.get('orders')).toBe('not-built');
    expect((await t.call('previewNode', { node: 'customers', limit: 1 })).total).toBeGreaterThan(0);
  });
});
