import { access } from 'node:fs/promises';
import { Client, type ClientConfig } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { profilesYml, startPostgres, type PostgresServer } from './postgres-server.js';

const started = await startPostgres();
if (!started.ok) console.warn(`PostgreSQL tests skipped: ${started.reason}`);
const exists = (dir: string) => access(dir).then(() => true, () => false);
// Not `...server`: pg lets a connectionString override the user and password given beside it.
const as = (server: PostgresServer, user = server.user, password = server.password): ClientConfig =>
  ({ host: server.host, port: server.port, database: server.database, user, password });

/** A connected client whose connection errors (a terminated backend) are kept, not thrown at the process. */
async function connect(config: ClientConfig): Promise<{ client: Client; errors: Error[] }> {
  const client = new Client(config);
  const errors: Error[] = [];
  client.on('error', (err) => errors.push(err));
  await client.connect();
  return { client, errors };
}

describe.skipIf(!started.ok)('a throwaway PostgreSQL server', () => {
  const server = started.ok ? started.server : undefined!;
  afterAll(() => server.stop());

  it('lets assay in with its password, over TCP on 127.0.0.1, and owns its database', async () => {
    const { client } = await connect({ connectionString: server.connectionString });
    const { rows } = await client.query<{ user: string; db: string; owner: string }>(
      `SELECT current_user AS user, current_database() AS db, pg_get_userbyid(datdba) AS owner
         FROM pg_database WHERE datname = current_database()`);
    await client.end();
    expect(server.host).toBe('127.0.0.1');
    expect(rows).toEqual([{ user: 'assay', db: 'assay_test', owner: 'assay' }]);
  });

  it('refuses a wrong password', async () => {
    const client = new Client(as(server, server.user, 'not-the-password'));
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('keeps assay_limited from creating a schema, while assay may', async () => {
    const { client } = await connect(as(server, server.limitedUser, server.limitedPassword));
    await expect(client.query('CREATE SCHEMA analytics__feature_x')).rejects.toThrow(/permission denied for database assay_test/);
    await client.end();
    const owner = await connect(as(server));
    await owner.client.query('CREATE SCHEMA analytics__feature_x');
    await owner.client.end();
    expect(await server.adminQuery('SELECT nspname FROM pg_namespace WHERE nspname = $1', ['analytics__feature_x'])).toHaveLength(1);
  });

  it('gives a test its own database, owned by assay', async () => {
    const db = await server.createDatabase();
    const { client } = await connect({ connectionString: db.connectionString });
    await client.query('CREATE SCHEMA assay_store');
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(db.database);
    expect(db.database).not.toBe(server.database);
  });

  it('drops a client connection on terminateConnections', async () => {
    const { client, errors } = await connect(as(server));
    await client.query('SELECT 1');
    expect(await server.terminateConnections(server.database)).toBeGreaterThanOrEqual(1);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    expect(errors.map((err) => err.message).join('\n')).toMatch(/terminating connection due to administrator command|Connection terminated/);
    await client.end().catch(() => undefined);
  });

  it('writes a dbt profile for a postgres target, the password read from the environment', () => {
    const yml = profilesYml({ profile: 'demo', connection: server, schema: 'analytics', threads: 2, passwordEnv: true });
    expect(yml).toBe([
      'demo:', '  target: pg', '  outputs:', '    pg:', '      type: "postgres"', '      host: "127.0.0.1"',
      `      port: ${server.port}`, '      user: "assay"', `      password: "{{ env_var('ASSAY_PG_PASSWORD') }}"`,
      '      dbname: "assay_test"', '      schema: "analytics"', '      threads: 2', '',
    ].join('\n'));
    expect(profilesYml({ profile: 'demo', connection: server })).toContain(`password: "${server.password}"`);
  });
});

describe.skipIf(!started.ok)('stopping a throwaway PostgreSQL server', () => {
  it('ends the server and removes its folder', async () => {
    const second = await startPostgres();
    if (!second.ok) throw new Error(second.reason);
    const { server } = second;
    expect(await exists(server.dir)).toBe(true);
    await server.stop();
    expect(await exists(server.dir)).toBe(false);
    const client = new Client({ ...as(server), connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
    await server.stop();
  });
});
