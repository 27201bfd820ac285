/**
 * dbt's per-folder configuration: in `dbt_project.yml`, `models: <project>: staging: +materialized:
 * view` applies to every model under `models/staging/`. Keys that start with `+` (or are known
 * config names) are config; other keys are sub-folders.
 */
const configKeys = new Set(['materialized', 'enabled', 'alias', 'unique_key', 'incremental_strategy', 'tags', 'meta', 'schema', 'database', 'docs', 'persist_docs', 'full_refresh', 'on_schema_change', 'pre-hook', 'post-hook', 'quote_columns', 'column_types', 'delimiter']);

export type RawConfig = Record<string, unknown>;

/**
 * The config layers (outermost first) that apply to a file at `folders` (its path inside the
 * model or seed path, without the file name), for the project named `projectName`.
 */
export function folderConfigLayers(tree: Record<string, unknown> | undefined, projectName: string, folders: string[]): RawConfig[] {
  if (!tree) return [];
  const layers: RawConfig[] = [configOf(tree)];
  let node: unknown = tree[projectName];
  if (!isObject(node)) return layers;
  layers.push(configOf(node));
  for (const folder of folders) {
    node = (node as Record<string, unknown>)[folder];
    if (!isObject(node)) break;
    layers.push(configOf(node));
  }
  return layers;
}

function configOf(node: Record<string, unknown>): RawConfig {
  const out: RawConfig = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('+') || (configKeys.has(key) && !isObject(value)) || key === 'meta') out[key.replace(/^\+/, '')] = value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
