import { createHash } from 'node:crypto';

/** PostgreSQL truncates longer names silently (NAMEDATALEN - 1): Assay refuses them instead. */
export const MAX_IDENTIFIER_BYTES = 63;
/** Every node's result, one table or view per fingerprint, shared by all environments. */
export const STORE_SCHEMA = 'assay_store';
/** Assay's own bookkeeping on the warehouse: which store object each environment's node reads. */
export const META_SCHEMA = 'assay_meta';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** Null when PostgreSQL can hold the name as written. */
export function identifierProblem(name: string): string | null {
  const bytes = Buffer.byteLength(name, 'utf8');
  return bytes > MAX_IDENTIFIER_BYTES ? `'${name}' is ${bytes} bytes long; PostgreSQL names are at most ${MAX_IDENTIFIER_BYTES} bytes (it would cut it silently)` : null;
}

/**
 * The store object of a node's result: the fingerprint first (unique whatever follows), then as
 * much of the node's name as fits, so that a person browsing `assay_store` can tell them apart.
 */
export function storeObjectName(nodeName: string, fingerprint: string): string {
  const head = fingerprint.slice(0, 24);
  let name = `${head}_${nodeName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  while (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) name = name.slice(0, -1);
  return name;
}

/** An incremental result grown from an earlier one has a store object of its own. */
export function grownObjectName(nodeName: string, fingerprint: string, grownFrom: string): string {
  return storeObjectName(nodeName, createHash('sha256').update(`${fingerprint}:${grownFrom}`).digest('hex'));
}

/**
 * The schema one of dbt's schemas has in one environment: `analytics` in the environment of the
 * branch `feature/x` is `analytics__feature_x`.
 */
export function environmentSchema(dbtSchema: string, env: string): string {
  return `${dbtSchema}__${env.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** dbt's schemas as an environment names them: `main` (DuckDB's default) is the target's schema, `main_x` is `<schema>_x`. */
export function environmentSchemaOf(targetSchema: string, env: string): (dbtSchema: string) => string {
  return (dbtSchema) => environmentSchema(dbtSchema === 'main' ? targetSchema : dbtSchema.replace(/^main_/, `${targetSchema}_`), env);
}

/** A stable 64-bit key for `pg_advisory_lock`, from a name. */
export function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`)).toString();
}
