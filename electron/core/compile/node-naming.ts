import type { ProjectError } from '../../../shared/project-types.js';
import { Relation } from '../dbt/context/relation.js';
import type { DbtRuntime } from '../dbt/dbt-runtime.js';
import type { Project } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { CompiledNode } from './compiled-project.js';

/** The schema every environment's views live in unless a node asks for another: dbt's `target.schema`. */
export const DEFAULT_SCHEMA = 'main';

/**
 * Where each model, seed and snapshot lives in an environment, as dbt names it: its schema from
 * `generate_schema_name(custom_schema_name, node)` (the project's override if it has one, else
 * dbt's: `main`, or `main_<custom>` for `+schema: <custom>`; a snapshot's `target_schema` as it
 * is) and its name from `generate_alias_name` (the override, else its alias or name). Each schema
 * is a DuckDB schema inside the branch's environment. A naming macro that fails is an error on the
 * node that asked.
 */
export function nameNodes(project: Project, nodes: Map<string, CompiledNode>, runtime: DbtRuntime): void {
  const override = (name: string) => runtime.macros.find(name, project.name);
  const schemaMacro = override('generate_schema_name');
  const aliasMacro = override('generate_alias_name');
  for (const node of nodes.values()) {
    if (node.kind === 'source' || node.error || node.materialization === 'ephemeral') continue;
    const extra = node.config.extra;
    const custom = typeof extra.schema === 'string' ? extra.schema : null;
    const nodeValue = nodeDescription(project, node);
    const call = (macro: string, args: unknown[]) => {
      const outcome = runtime.callMacro(macro, args, { file: node.source.location.file, name: node.name, resourceType: 'model', config: nodeValue.config, isIncremental: false, resolveRef: () => undefined, resolveSource: () => undefined, thisRelation: new Relation({}) }, project.name);
      if (!outcome.ok) {
        node.error = { ...outcome.error, node: node.id, message: `${macro}: ${outcome.error.message}` } satisfies ProjectError;
        return undefined;
      }
      return outcome.sql.trim();
    };
    const schema = typeof extra.target_schema === 'string' ? extra.target_schema : schemaMacro ? call('generate_schema_name', [custom, nodeValue]) : custom ? `${DEFAULT_SCHEMA}_${custom}` : DEFAULT_SCHEMA;
    const alias = aliasMacro ? call('generate_alias_name', [node.config.alias ?? null, nodeValue]) : (node.config.alias ?? node.name);
    if (schema === undefined || alias === undefined) continue;
    node.objectSchema = schema;
    node.objectName = alias;
    node.relation = schema === DEFAULT_SCHEMA ? quoteIdentifier(alias) : `${quoteIdentifier(schema)}.${quoteIdentifier(alias)}`;
  }
}

/** The `node` a naming macro is given, as dbt's manifest node (the fields those macros read). */
function nodeDescription(project: Project, node: CompiledNode) {
  const resourceType = node.kind === 'model' && node.materialization === 'snapshot' ? 'snapshot' : node.kind;
  const config = { ...node.config.extra, materialized: node.materialization, alias: node.config.alias, tags: node.config.tags, meta: node.config.meta };
  return {
    name: node.name,
    resource_type: resourceType,
    package_name: project.name,
    unique_id: `${resourceType}.${project.name}.${node.name}`,
    original_file_path: node.source.location.file,
    path: node.source.location.file,
    fqn: [project.name, ...node.source.location.file.replace(/\.[^.]+$/, '').split('/').slice(1)],
    config,
    tags: node.config.tags,
  };
}
