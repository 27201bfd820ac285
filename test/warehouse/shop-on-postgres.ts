import pg from 'pg';
import { afterAll } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { profilesYml, startPostgres, type PostgresConnection, type PostgresServer } from '../helpers/postgres-server.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { SHOP_ON_WAREHOUSE } from '../helpers/warehouse-project.js';

/**
 * What the warehouse conformance tests share: a throwaway PostgreSQL server per test file (each
 * test makes a database of its own on it), the shop project, and reading rows as a user would.
 */
export const started = await startPostgres();
if (!started.ok) console.warn(`PostgreSQL warehouse tests skipped: ${started.reason}`);
export const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

/** The shop project with every order's region known, and more tests. */
export const PROJECT = {
  ...SHOP_ON_WAREHOUSE,
  'seeds/orders.csv': 'order_id,region,amount\n1,NE,10\n2,MW,20\n3,NE,5\n',
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: region_sales',
    '    columns:',
    '      - name: code',
    '        tests: [unique, not_null]',
    '      - name: sales',
    '        tests: [not_null]',
    '  - name: stg_orders',
    '    columns:',
    '      - name: region',
    '        tests:',
    "          - relationships: {to: \"ref('regions')\", field: code}",
    "          - accepted_values: {values: ['NE', 'MW']}",
    '',
  ].join('\n'),
  'tests/no_negative_sales.sql': "select * from {{ ref('region_sales') }} where sales < 0\n",
};

export async function project(connection: PostgresConnection, extra: Record<string, string | null> = {}, profile: Partial<Parameters<typeof profilesYml>[0]> = {}): Promise<string> {
  const files: Record<string, string> = { ...PROJECT, 'profiles.yml': profilesYml({ profile: 'shop', connection, threads: 2, ...profile }) };
  for (const [file, text] of Object.entries(extra)) {
    if (text === null) delete files[file];
    else files[file] = text;
  }
  const root = await writeTempProject(files);
  await initCommittedRepo(root);
  return root;
}

export async function rows(connection: PostgresConnection, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ host: connection.host, port: connection.port, user: connection.user, password: connection.password, database: connection.database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function openWarehouse(root: string) {
  const built = await buildOnWarehouse({ projectRoot: root });
  return { built, warehouse: await PgWarehouse.connect(built.target) };
}

export async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never held');
}
