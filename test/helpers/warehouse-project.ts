import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkoutBranch, checkoutNewBranch, commitAll, initCommittedRepo } from './git-repo.js';
import { profilesYml, type PostgresConnection } from './postgres-server.js';
import { writeTempProject } from './temp-project.js';

/**
 * A small shop project for the app on a PostgreSQL target: its profile's default is DuckDB (`dev`),
 * with a `pg` target on the given server. One order's region is not a known region, so the
 * relationships test on stg_orders fails with that row as its sample.
 */
export const SHOP_ON_WAREHOUSE: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: 1\nconfig-version: 2\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/regions.csv': 'code,name\nNE,North East\nMW,Mid West\nSW,South West\n',
  'seeds/orders.csv': 'order_id,region,amount\n1,NE,10\n2,MW,20\n3,NE,5\n4,XX,12\n',
  'models/stg_orders.sql': "{{ config(materialized='view') }}\nselect order_id, region, amount * 1.0 as amount from {{ ref('orders') }}\n",
  'models/region_sales.sql': "select r.code, r.name, coalesce(sum(o.amount), 0) as sales\nfrom {{ ref('regions') }} as r left join {{ ref('stg_orders') }} as o on o.region = r.code\ngroup by r.code, r.name\n",
  'models/big_orders.sql': "select * from {{ ref('stg_orders') }} where amount >= 10\n",
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: region_sales',
    '    columns:',
    '      - name: code',
    '        tests: [unique, not_null]',
    '  - name: stg_orders',
    '    columns:',
    '      - name: region',
    '        tests:',
    "          - relationships: {to: \"ref('regions')\", field: code}",
    '',
  ].join('\n'),
};

export const BIG_ORDERS_BRANCH = 'feature/bigger-orders';

/** The shop project in a git repository of its own, everything committed on `main`. */
export async function writeShopOnWarehouse(connection: PostgresConnection, extra: Record<string, string> = {}, profile: Partial<Parameters<typeof profilesYml>[0]> = {}): Promise<string> {
  const root = await writeTempProject({
    ...SHOP_ON_WAREHOUSE,
    'profiles.yml': profilesYml({ profile: 'shop', connection, threads: 2, defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' } }, ...profile }),
    ...extra,
  });
  await initCommittedRepo(root);
  return root;
}

/** Commits a branch whose big_orders keeps only orders of 15 and more, then checks `main` out again. */
export async function commitBiggerOrdersBranch(root: string): Promise<void> {
  await checkoutNewBranch(root, BIG_ORDERS_BRANCH);
  await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 15\n");
  await commitAll(root, 'big_orders: 15 and more');
  await checkoutBranch(root, 'main');
}
