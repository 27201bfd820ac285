import { describe, expect, it } from 'vitest';
import { SuggestError } from '../../electron/core/suggest/schema-entry.js';
import { suggestTests } from '../../electron/core/suggest/suggest-tests.js';
import { builtShop } from './suggest-project.js';

const suggestOn = async (shop: Awaited<ReturnType<typeof builtShop>>, model: string) => suggestTests({ compiled: await shop.compiled(), projectRoot: shop.root, env: 'local', model });

describe('suggested tests from a profile of the built model (issue 15)', () => {
  it('proposes what the data supports, each with its evidence, and nothing the model already declares', async () => {
    const shop = await builtShop();
    const s = await suggestOn(shop, 'fct_orders');
    expect(s.profile.rows).toBe(600);
    expect(s.profile.scans).toBeLessThanOrEqual(2);
    const byId = new Map(s.suggestions.map((t) => [t.id, t]));
    expect([...byId.keys()]).toEqual([
      'unique.order_id',
      'not_null.customer_id',
      'relationships.customer_id.dim_customer',
      'not_null.status',
      'accepted_values.status',
      'not_null.amount',
      'range.amount',
      'not_null.order_date',
      'not_null.Order Note',
      'range.Order Note',
      'variation.row_count.order_date',
    ]);
    // order_id is declared not_null already; its uniqueness is counted exactly.
    expect(byId.get('unique.order_id')?.evidence).toBe('600 distinct values in 600 non-null rows (counted exactly)');
    expect(byId.get('not_null.status')?.evidence).toBe('0 nulls in 600 rows');
    expect(byId.get('accepted_values.status')).toMatchObject({ column: 'status', entry: { accepted_values: { values: ['open', 'returned', 'shipped'] } } });
    expect(byId.get('accepted_values.status')?.yaml).toBe('- accepted_values:\n    values: [open, returned, shipped]\n');
    expect(byId.get('range.amount')).toMatchObject({ entry: { range: { min: 0, max: 500 } }, evidence: 'observed 0.5 to 499.5 in 600 non-null rows; bounds rounded outward to 0 to 500' });
    expect(byId.get('relationships.customer_id.dim_customer')).toMatchObject({
      entry: { relationships: { to: "ref('dim_customer')", field: 'customer_id' } },
      evidence: 'all 600 non-null values found in dim_customer.customer_id (0 orphans), a unique column',
    });
    const variation = byId.get('variation.row_count.order_date');
    expect(variation?.column).toBeUndefined();
    expect(variation?.entry).toMatchObject({ variation: { metric: 'count(*)', period: { column: 'order_date', grain: 'month' }, compare_to: 'previous_period', direction: 'drop' } });
    expect(variation?.evidence).toContain('rows per month of order_date over 3 months (2024-01 to 2024-03): 181 to 216; largest month-on-month drop 11%; it passes today');
    expect(s.profile.periods?.counts).toEqual([{ period: '2024-01-01', rows: 216 }, { period: '2024-02-01', rows: 203 }, { period: '2024-03-01', rows: 181 }]);
    expect(s.target).toEqual({ file: 'models/schema.yml', declared: true, exists: true });
    // The dimension's key: unique and not_null declared, nothing about it proposed again.
    const dim = await suggestOn(shop, 'dim_customer');
    expect(dim.suggestions.map((t) => t.id)).toEqual(['not_null.customer_name', 'unique.customer_name']);
  });

  it('proposes no relationship when values are missing from the guessed parent, and says why', async () => {
    const shop = await builtShop({ 'models/dim_customer.sql': "select i as customer_id, 'customer ' || i as customer_name from range(1, 5) t(i)" });
    const s = await suggestOn(shop, 'fct_orders');
    expect(s.suggestions.map((t) => t.id)).not.toContain('relationships.customer_id.dim_customer');
    expect(s.notes).toContain('customer_id: 1 value (120 rows) not found in dim_customer.customer_id, so no relationships test is proposed to it');
  });

  it('proposes no not_null on a column with a single null among 600 rows', async () => {
    const shop = await builtShop({ 'models/fct_orders.sql': 'select i as order_id, case when i = 7 then null else i % 4 end as bucket from range(1, 601) t(i)' });
    const s = await suggestOn(shop, 'fct_orders');
    expect(s.suggestions.map((t) => t.id)).toEqual(['unique.order_id', 'range.bucket']);
    expect(s.suggestions[1]?.evidence).toBe('observed 0 to 3 in 599 non-null rows; bounds rounded outward to 0 to 3');
    expect(s.profile.columns.find((c) => c.name === 'bucket')).toMatchObject({ nulls: 1, distinct: 4 });
  });

  it('proposes nothing from an empty table, and says so', async () => {
    const shop = await builtShop({ 'models/fct_orders.sql': "select 1 as order_id, 'x' as status, date '2024-01-01' as order_date where false" });
    const s = await suggestOn(shop, 'fct_orders');
    expect(s.profile.rows).toBe(0);
    expect(s.suggestions).toEqual([]);
    expect(s.notes).toEqual(["fct_orders is empty (0 rows) in 'local': no test is suggested, as none would rest on any evidence"]);
  });

  it('refuses a model not built yet (build it first) and a name that is not a model', async () => {
    const shop = await builtShop({}, { build: false });
    await expect(suggestOn(shop, 'fct_orders')).rejects.toThrow(SuggestError);
    await expect(suggestOn(shop, 'fct_orders')).rejects.toThrow("environment 'local' has not been built yet: run a build first (tests are suggested from the built data)");
    await expect(suggestOn(shop, 'fct_order')).rejects.toThrow("'fct_order' is not a model of this project");
  });

  it('refuses a model whose own build failed: it is not in the environment', async () => {
    const shop = await builtShop();
    const { buildBranch } = await import('../../electron/core/build/build-branch.js');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${shop.root}/models/extra.sql`, 'select nope from nowhere');
    await buildBranch({ projectRoot: shop.root });
    await expect(suggestOn(shop, 'extra')).rejects.toThrow("extra is not built in environment 'local': build it first");
  });
});
