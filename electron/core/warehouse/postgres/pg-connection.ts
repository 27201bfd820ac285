import pg from 'pg';
import { describeTarget, type PostgresTarget } from '../postgres-target.js';
import { typeParsers } from './pg-engine-connection.js';

/** A failure to reach or use the warehouse: its message names the target (never its password). */
export class WarehouseError extends Error {}

type Row = Record<string, unknown>;

/**
 * A pool of connections to one PostgreSQL target, sized by its `threads`. Statements time out as
 * the target says; `cancelRunning` asks the server to cancel every statement this pool is running
 * (closing a socket would leave the server computing).
 */
export class PgWarehouse {
  private readonly backendPids = new WeakMap<pg.PoolClient, number>();
  private readonly busy = new Set<pg.PoolClient>();

  private constructor(
    readonly target: PostgresTarget,
    private readonly pool: pg.Pool,
  ) {}

  /** Opens the pool and checks a connection, so a wrong password or an unreachable host fails here, naming the target. */
  static async connect(target: PostgresTarget, extraConnections = 2): Promise<PgWarehouse> {
    const pool = new pg.Pool({ ...connectionConfig(target), max: target.threads + extraConnections });
    // A server that drops idle connections must not crash the process: the next query reports it.
    pool.on('error', () => {});
    const warehouse = new PgWarehouse(target, pool);
    const client = await pool.connect().catch(async (err: unknown) => {
      await pool.end().catch(() => {});
      throw warehouse.error(err, 'cannot connect: ');
    });
    client.release();
    return warehouse;
  }

  get name(): string {
    return describeTarget(this.target);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.withClient(async (client) => (await client.query<T>(sql, params)).rows);
  }

  /** One connection for several statements (a transaction, a temporary table, a COPY). */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((err: unknown) => {
      throw this.error(err);
    });
    let broken: Error | undefined;
    try {
      if (!this.backendPids.has(client)) {
        // A connection the server ends while it is checked out emits 'error' on the client; the
        // statement running on it fails and says so, and nothing must crash the process.
        client.on('error', () => {});
        this.backendPids.set(client, (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0);
      }
      this.busy.add(client);
      return await work(client);
    } catch (err) {
      if (isConnectionLoss(err)) broken = err as Error;
      throw this.error(err);
    } finally {
      this.busy.delete(client);
      client.release(broken);
    }
  }

  /** Cancels what the pool's connections are running, through a connection of its own. */
  async cancelRunning(): Promise<void> {
    const pids = [...this.busy].map((c) => this.backendPids.get(c)).filter((pid): pid is number => Boolean(pid));
    if (pids.length === 0) return;
    const client = new pg.Client(connectionConfig(this.target));
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } finally {
      await client.end().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }

  /** The server's message, prefixed with the target (and what was being done), once. */
  error(err: unknown, doing = ''): WarehouseError {
    if (err instanceof WarehouseError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: string }).code;
    const hint = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' ? ' (is the server running, and are host and port right?)' : '';
    return new WarehouseError(`${this.name}: ${doing}${message || code || 'connection failed'}${hint}`, { cause: err });
  }
}

export function connectionConfig(target: PostgresTarget): pg.ClientConfig {
  return {
    host: target.host, port: target.port, user: target.user, password: target.password, database: target.dbname,
    connectionTimeoutMillis: target.connectTimeout * 1000,
    ...(target.statementTimeout ? { statement_timeout: target.statementTimeout } : {}),
    application_name: 'assay',
    types: typeParsers,
    ssl: sslOf(target.sslmode),
  };
}

function sslOf(mode: PostgresTarget['sslmode']): pg.ClientConfig['ssl'] {
  if (!mode || mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;
  return mode === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true };
}

function isConnectionLoss(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : '';
  return code.startsWith('08') || code === '57P01' || code === 'ECONNRESET' || /Connection terminated|connection is closed/i.test(message);
}
