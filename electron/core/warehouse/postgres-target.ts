import { z } from 'zod';

/** A dbt-postgres output of profiles.yml, as Assay connects to it. */
export interface PostgresTarget {
  type: 'postgres';
  /** The target's name in the profile (`--target`, `$DBT_TARGET` or the profile's `target:`). */
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  dbname: string;
  /** dbt's `schema`: environments are schemas named `<schema>__<env>` (custom schemas `<schema>_<custom>__<env>`). */
  schema: string;
  threads: number;
  sslmode?: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  /** Seconds to wait for a connection (dbt's `connect_timeout`, default 10). */
  connectTimeout: number;
  /** Milliseconds any one statement may run before the server cancels it (an Assay key; default none). */
  statementTimeout?: number;
  /** The profiles.yml it came from, as errors name it. */
  file: string;
}

const identifier = z.string().min(1).max(63, 'PostgreSQL names are at most 63 bytes');

/** The keys Assay reads from a `type: postgres` output; dbt's spellings `pass` and `database` are accepted too. */
export const postgresOutputSchema = z.looseObject({
  type: z.literal('postgres'),
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(5432),
  user: z.string().min(1),
  password: z.union([z.string(), z.number()]).optional(),
  pass: z.union([z.string(), z.number()]).optional(),
  dbname: identifier.optional(),
  database: identifier.optional(),
  schema: identifier.regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'a schema name is letters, digits, _ and $, not starting with a digit'),
  threads: z.coerce.number().int().positive().default(4),
  sslmode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  connect_timeout: z.coerce.number().int().positive().default(10),
  statement_timeout: z.coerce.number().int().positive().optional(),
});

export type PostgresOutput = z.infer<typeof postgresOutputSchema>;

/** Null and a message when the output names no database. */
export function postgresTarget(name: string, output: PostgresOutput, file: string): PostgresTarget | string {
  const dbname = output.dbname ?? output.database;
  if (!dbname) return 'dbname: a postgres target names its database (dbname:)';
  return {
    type: 'postgres', name, host: output.host, port: output.port, user: output.user, password: String(output.password ?? output.pass ?? ''), dbname,
    schema: output.schema, threads: output.threads, sslmode: output.sslmode, connectTimeout: output.connect_timeout, statementTimeout: output.statement_timeout, file,
  };
}

/** How errors name a target: never with its password. */
export function describeTarget(target: PostgresTarget): string {
  return `target '${target.name}' (postgres://${target.user}@${target.host}:${target.port}/${target.dbname})`;
}
