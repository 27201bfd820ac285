import type { Materialization } from '../../../shared/project-types.js';

/** A model's or seed's configuration after folder config, schema.yml and `config()` are merged. */
export interface NodeConfig {
  materialized: Materialization;
  enabled: boolean;
  alias?: string;
  unique_key?: string | string[];
  incremental_strategy?: 'append' | 'delete+insert';
  tags: string[];
  meta: Record<string, unknown>;
  /** Everything else written in config, kept so that the fingerprint sees it. */
  extra: Record<string, unknown>;
}

const materializations = new Set<string>(['view', 'table', 'incremental', 'ephemeral']);

export function defaultNodeConfig(materialized: Materialization): NodeConfig {
  return { materialized, enabled: true, tags: [], meta: {}, extra: {} };
}

/**
 * Applies one layer of raw config (`+materialized: table`, `{{ config(unique_key='id') }}`) on top
 * of `base`. Returns the problems found (an unknown materialization) instead of throwing.
 */
export function applyConfig(base: NodeConfig, raw: Record<string, unknown>): { config: NodeConfig; problems: string[] } {
  const config: NodeConfig = { ...base, tags: [...base.tags], meta: { ...base.meta }, extra: { ...base.extra } };
  const problems: string[] = [];
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.startsWith('+') ? rawKey.slice(1) : rawKey;
    switch (key) {
      case 'materialized':
        // A snapshot stays a snapshot: its config() names a strategy, not a materialization.
        if (config.materialized === 'snapshot') break;
        if (typeof value === 'string' && materializations.has(value)) config.materialized = value as Materialization;
        else problems.push(`unknown materialization '${String(value)}' (Assay supports view, table, incremental, ephemeral)`);
        break;
      case 'enabled':
        config.enabled = value !== false;
        break;
      case 'alias':
        if (typeof value === 'string') config.alias = value;
        break;
      case 'unique_key':
        if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) config.unique_key = value;
        else problems.push(`unique_key must be a column name or a list of column names`);
        break;
      case 'incremental_strategy':
        if (value === 'append' || value === 'delete+insert') config.incremental_strategy = value;
        else problems.push(`unknown incremental_strategy '${String(value)}' (Assay supports append, delete+insert)`);
        break;
      case 'tags':
        config.tags = [...new Set([...config.tags, ...(Array.isArray(value) ? value.map(String) : [String(value)])])];
        break;
      case 'meta':
        if (value && typeof value === 'object') Object.assign(config.meta, value);
        break;
      default:
        config.extra[key] = value;
    }
  }
  return { config, problems };
}
