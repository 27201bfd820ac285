// A throwaway PostgreSQL cluster for tests and benchmarks (issue 16): initdb in a temp folder, a
// server on a free port of 127.0.0.1 with its socket in that folder (nothing system-wide is used or
// touched), roles `assay` and `assay_limited`, and a stop that removes it all again.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { access, chown, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { rmSync, constants as fsConstants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, escapeIdentifier, escapeLiteral, type QueryResultRow } from 'pg';

const run = promisify(execFile);

/** Where a client connects to: the fields of a `pg` client config, and the same as one URL. */
export interface PostgresConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  connectionString: string;
}

export interface PostgresServer extends PostgresConnection {
  /** A role with CONNECT on `database` but no CREATE there (it may not create a schema). */
  limitedUser: string;
  limitedPassword: string;
  /** The cluster's folder (data, socket, log), removed by stop(). */
  dir: string;
  /** The server's log, for a failing test to read. */
  logFile: string;
  /** How long initdb, start and the roles took, in ms. */
  startMs: number;
  /** Runs SQL as the superuser (in `database` unless another is named) and returns its rows. */
  adminQuery<R extends QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<R[]>;
  /** Ends every other client backend (of one database, or all): a server dropping connections mid-build. Returns how many. */
  terminateConnections(database?: string): Promise<number>;
  /** A fresh database owned by `assay` (a generated name unless given), for a test to isolate itself. */
  createDatabase(name?: string): Promise<PostgresConnection>;
  /** Stops the server at once (`-m immediate`) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export type StartedPostgres = { ok: true; server: PostgresServer } | { ok: false; reason: string };

export interface StartPostgresOptions {
  /** The folder holding initdb, pg_ctl and postgres; found on PATH or in /usr/lib/postgresql/<highest>/bin otherwise. */
  binDir?: string;
  /** Extra server settings, each passed as `-c name=value`. */
  settings?: Record<string, string | number>;
}

interface Binaries { initdb: string; pgCtl: string }

const postgresFiles = ['initdb', 'pg_ctl', 'postgres'] as const;
const canRun = (file: string) => access(file, fsConstants.X_OK).then(() => true, () => false);

async function hasAll(dir: string): Promise<boolean> {
  for (const file of postgresFiles) if (!(await canRun(path.join(dir, file)))) return false;
  return true;
}

/** The bin folder of a PostgreSQL installation: PATH first (a symlinked initdb counts for the folder it points into), then Debian's. */
export async function findPostgresBinDir(): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const initdb = path.join(dir, 'initdb');
    if (!(await canRun(initdb))) continue;
    const real = path.dirname(await realpath(initdb));
    if (await hasAll(real)) return real;
    if (await hasAll(dir)) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const byVersion = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of byVersion) {
    const dir = path.join(root, version, 'bin');
    if (await hasAll(dir)) return dir;
  }
  return undefined;
}

/** initdb, pg_ctl and postgres refuse to run as root: there they run as the `postgres` OS user. */
interface RunAs { runuser: string; uid: number; gid: number }

async function runAsForRoot(): Promise<RunAs | string> {
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'];
  let found: string | undefined;
  for (const file of runuser) if (await canRun(file)) { found = file; break; }
  if (!found) return 'running as root, and no runuser to run PostgreSQL as the postgres OS user';
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { runuser: found, uid, gid };
  } catch {
    return 'running as root, and no postgres OS user to run PostgreSQL as (initdb and postgres refuse root)';
  }
}

function command(runAs: RunAs | undefined, file: string, args: string[]): [string, string[]] {
  return runAs ? [runAs.runuser, ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

/** Folders the postgres user must reach: every ancestor of the temp dir searchable by others, else /tmp. */
async function reachableParent(runAs: RunAs | undefined): Promise<string> {
  const parent = tmpdir();
  if (!runAs) return parent;
  for (let dir = parent; ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return '/tmp';
    if (dir === path.dirname(dir)) return parent;
  }
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const secret = () => randomBytes(12).toString('hex');
const url = (c: Omit<PostgresConnection, 'connectionString'>) =>
  `postgresql://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`;

/** Servers of this process still running, stopped when it exits however it can be caught. */
const running = new Map<string, () => void>();
let exitHooked = false;

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const stopAll = () => { for (const stopNow of [...running.values()]) stopNow(); };
  process.on('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      stopAll();
      // Only ours listens: take the default action (die by this signal) as if we had not listened.
      if (process.listenerCount(signal) === 1) { process.off(signal, onSignal); process.kill(process.pid, signal); }
    };
    process.on(signal, onSignal);
  }
}

// A SIGKILLed process runs no handler: a detached watchdog stops the cluster once this process is gone.
const watchdogScript = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ -n "$5" ]; then "$5" -u postgres -- "$2" -D "$3" -m immediate stop >/dev/null 2>&1
else "$2" -D "$3" -m immediate stop >/dev/null 2>&1; fi
rm -rf "$4"
`;

// Under Vitest, the servers of a test file stop when its tests are done (as temp-project's folders go).
if (process.env.VITEST) {
  const { afterAll } = await import('vitest');
  afterAll(async () => {
    for (const stopNow of [...running.values()]) stopNow();
  });
}

/**
 * Starts a throwaway cluster. `{ ok: false, reason }` only when no server can be started here (no
 * PostgreSQL installed, or root without a postgres user); a failing initdb or start throws with the
 * server's log, so that a broken setup fails the tests instead of skipping them.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<StartedPostgres> {
  const started = performance.now();
  const binDir = options.binDir ?? (await findPostgresBinDir());
  if (!binDir || !(await hasAll(binDir))) {
    if (options.binDir) return { ok: false, reason: `PostgreSQL not found: no initdb, pg_ctl and postgres in ${options.binDir}` };
    return { ok: false, reason: 'PostgreSQL not found: no initdb, pg_ctl and postgres on PATH or in /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)' };
  }
  const bin: Binaries = { initdb: path.join(binDir, 'initdb'), pgCtl: path.join(binDir, 'pg_ctl') };
  let runAs: RunAs | undefined;
  if (process.getuid?.() === 0) {
    const found = await runAsForRoot();
    if (typeof found === 'string') return { ok: false, reason: found };
    runAs = found;
  }

  hookExit();
  const dir = await mkdtemp(path.join(await reachableParent(runAs), 'assay-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const exec = (file: string, args: string[]) => {
    const [cmd, cmdArgs] = command(runAs, file, args);
    // The postgres user may not reach the caller's working folder; LC_ALL=C keeps messages in English.
    return run(cmd, cmdArgs, { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  };
  const superPassword = secret();
  try {
    const pwFile = path.join(dir, 'superuser-password');
    await writeFile(pwFile, superPassword, { mode: 0o600 });
    if (runAs) { await chown(dir, runAs.uid, runAs.gid); await chown(pwFile, runAs.uid, runAs.gid); }
    await exec(bin.initdb, ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth-local=trust',
      '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    await rm(pwFile);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed in ${dir}: ${(err as { stderr?: string }).stderr || (err as Error).message}`);
  }

  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...options.settings,
  };
  const stopNow = () => {
    if (!running.delete(dir)) return;
    try {
      const [cmd, args] = command(runAs, bin.pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
      execFileSync(cmd, args, { cwd: dir, stdio: 'ignore' });
    } catch { /* not running (any more) */ }
    rmSync(dir, { recursive: true, force: true });
  };
  // pg_ctl passes -o through a shell: single-quote each value.
  const quote = (value: string | number) => `'${String(value).replace(/'/g, `'\\''`)}'`;
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const serverOptions = [`-p ${port}`, `-k ${quote(dir)}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${quote(v)}`)].join(' ');
    try {
      running.set(dir, stopNow);
      await exec(bin.pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-s', '-o', serverOptions, 'start']);
      break;
    } catch (err) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      // Another process took the free port between the probe and the start: try another one.
      if (attempt < 3 && /could not bind|already in use/i.test(log)) continue;
      stopNow(); // a server that came up too late for pg_ctl's wait is stopped too
      throw new Error(`PostgreSQL did not start (${(err as Error).message.trim()}):\n${log.split('\n').slice(-20).join('\n')}`);
    }
  }
  const watchdog = spawn('sh', ['-c', watchdogScript, 'assay-pg-watchdog', String(process.pid), bin.pgCtl, dataDir, dir, runAs?.runuser ?? ''],
    { detached: true, stdio: 'ignore', cwd: dir });
  watchdog.unref();
  running.set(dir, () => {
    try { if (watchdog.pid) process.kill(-watchdog.pid, 'SIGKILL'); } catch { /* already gone */ }
    stopNow();
  });

  const host = '127.0.0.1';
  const adminQuery = async <R extends QueryResultRow>(sql: string, params: unknown[] = [], database = 'assay_test'): Promise<R[]> => {
    const client = new Client({ host, port, user: 'postgres', password: superPassword, database });
    client.on('error', () => { /* a terminated admin connection is reported by its query */ });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const password = secret();
  const limitedPassword = secret();
  const connection = (database: string): PostgresConnection => {
    const fields = { host, port, database, user: 'assay', password };
    return { ...fields, connectionString: url(fields) };
  };
  let databases = 0;
  const createDatabase = async (name = `assay_test_${++databases}`): Promise<PostgresConnection> => {
    await adminQuery(`CREATE DATABASE ${escapeIdentifier(name)} OWNER assay`, [], 'postgres');
    // PUBLIC has CONNECT and TEMP on a new database, never CREATE: assay_limited may connect, not create schemas.
    await adminQuery(`GRANT CONNECT ON DATABASE ${escapeIdentifier(name)} TO assay_limited`, [], 'postgres');
    return connection(name);
  };

  try {
    await adminQuery(`CREATE ROLE assay LOGIN PASSWORD ${escapeLiteral(password)}`, [], 'postgres');
    await adminQuery(`CREATE ROLE assay_limited LOGIN PASSWORD ${escapeLiteral(limitedPassword)}`, [], 'postgres');
    await createDatabase('assay_test');
  } catch (err) {
    running.get(dir)?.();
    throw err;
  }

  const server: PostgresServer = {
    ...connection('assay_test'),
    limitedUser: 'assay_limited',
    limitedPassword,
    dir,
    logFile,
    startMs: Math.round(performance.now() - started),
    adminQuery,
    async terminateConnections(database?: string) {
      // The timeout form (PostgreSQL 14+) waits until each backend is gone, so the caller's next step sees it dead.
      // In the select list, not the WHERE clause: only the rows the filter kept are ended, never this backend.
      const rows = await adminQuery<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid, 5000) AS ended FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND ($1::text IS NULL OR datname = $1)`,
        [database ?? null], 'postgres');
      return rows.filter((row) => row.ended).length;
    },
    createDatabase,
    async stop() {
      running.get(dir)?.();
    },
  };
  return { ok: true, server };
}

export interface ProfilesYmlOptions {
  /** The profile name `dbt_project.yml` asks for. */
  profile: string;
  /** Where to connect: a server, or a database createDatabase() gave. */
  connection: Pick<PostgresConnection, 'host' | 'port' | 'database' | 'user' | 'password'>;
  /** The Postgres target's name (default `pg`). */
  target?: string;
  /** The profile's default target (default: the Postgres one); e.g. a DuckDB target in `outputs`. */
  defaultTarget?: string;
  /** Other targets beside it, e.g. `{ dev: { type: 'duckdb', path: 'dev.duckdb' } }`. */
  outputs?: Record<string, Record<string, string | number | boolean>>;
  /** Overrides the connection's user and password (e.g. the limited role). */
  user?: string;
  password?: string;
  /** Write `password: "{{ env_var('NAME') }}"` instead of the password itself; `true` means ASSAY_PG_PASSWORD. */
  passwordEnv?: boolean | string;
  schema?: string;
  threads?: number;
  sslmode?: string;
  connectTimeout?: number;
}

/** The text of a dbt `profiles.yml` with a `type: postgres` target, to write next to a project. */
export function profilesYml(opts: ProfilesYmlOptions): string {
  const target = opts.target ?? 'pg';
  const envName = opts.passwordEnv === true ? 'ASSAY_PG_PASSWORD' : opts.passwordEnv || undefined;
  const pgTarget: Record<string, string | number | boolean> = {
    type: 'postgres',
    host: opts.connection.host,
    port: opts.connection.port,
    user: opts.user ?? opts.connection.user,
    password: envName ? `{{ env_var('${envName}') }}` : (opts.password ?? opts.connection.password),
    dbname: opts.connection.database,
    schema: opts.schema ?? 'analytics',
    threads: opts.threads ?? 4,
    ...(opts.sslmode ? { sslmode: opts.sslmode } : {}),
    ...(opts.connectTimeout !== undefined ? { connect_timeout: opts.connectTimeout } : {}),
  };
  // JSON strings are YAML double-quoted scalars: passwords and templates stay verbatim.
  const value = (v: string | number | boolean) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const lines = [`${opts.profile}:`, `  target: ${opts.defaultTarget ?? target}`, '  outputs:'];
  for (const [name, fields] of Object.entries({ ...opts.outputs, [target]: pgTarget })) {
    lines.push(`    ${name}:`, ...Object.entries(fields).map(([k, v]) => `      ${k}: ${value(v)}`));
  }
  return `${lines.join('\n')}\n`;
}
