import { buildBranch } from '../../electron/core/build/build-branch.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { writeTempProject } from '../helpers/temp-project.js';

/**
 * A small shop outside git (environment `local`): 600 orders over three months, five customers
 * in a dimension, an order status with three values, an amount, and one column whose name needs
 * quoting in SQL. `extra` adds or replaces files (or is the whole project, with `replace`).
 */
export const shopFiles: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/dim_customer.sql': "select i as customer_id, 'customer ' || i as customer_name from range(1, 6) t(i)",
  'models/fct_orders.sql': [
    'select i as order_id, (i % 5) + 1 as customer_id,',
    "  case i % 3 when 0 then 'open' when 1 then 'shipped' else 'returned' end as status,",
    '  ((i * 37) % 500) + 0.5 as amount,',
    "  date '2024-01-01' + (i % 90)::int as order_date,",
    '  i % 7 as "Order Note"',
    'from range(1, 601) t(i)',
  ].join('\n'),
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: dim_customer',
    '    columns:',
    '      - name: customer_id',
    '        tests: [unique, not_null]',
    '  - name: fct_orders',
    '    columns:',
    '      - name: order_id',
    '        tests:',
    '          - not_null',
    '',
  ].join('\n'),
};

export async function builtShop(extra: Record<string, string> = {}, options: { build?: boolean; replace?: boolean } = {}) {
  const root = await writeTempProject(options.replace ? extra : { ...shopFiles, ...extra });
  if (options.build ?? true) {
    const built = await buildBranch({ projectRoot: root });
    if (built.target.status !== 'ok') throw new Error(`the shop did not build: ${JSON.stringify(built.target)}`);
  }
  return { root, compiled: () => prepareProject(root, root).then((p) => p.compiled) };
}
