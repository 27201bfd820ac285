import type { ProjectError } from '../../../shared/project-types.js';
import type { Introspection } from '../dbt/context/introspection.js';
import { Relation } from '../dbt/context/relation.js';
import { DbtRuntime, type RenderOutcome } from '../dbt/dbt-runtime.js';
import { applyConfig } from '../project/node-config.js';
import { sourceId, type ModelNode, type Project } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { CompiledNode, CompiledProject } from './compiled-project.js';
import { topologicalOrder } from './graph.js';
import { snapshotSettings } from '../build/materialize-snapshot.js';
import { resolveGenericTests } from './generic-tests.js';
import { resolveSourceTables } from './source-tables.js';

export interface SqlRenderOptions {
  /** Render what the build runs (sources as their stored snapshots), rather than as written (what fingerprints see). */
  absolute?: boolean;
  isIncremental?: boolean;
  thisRelation?: string;
  nodeName?: string;
  /** dbt's `execute`: true only while the build runs, with the database answering through `introspection`. */
  execute?: boolean;
  introspection?: Introspection;
}

/** Renders SQL against a compiled project: `ref()` gives the node's relation, ephemeral models inline. */
export interface ProjectSqlRenderer {
  render(template: string, file: string, options?: SqlRenderOptions): RenderOutcome;
}

/**
 * Renders every model and works out the graph. Rendering runs twice: once to learn each model's
 * `ref()`s, `source()`s and `config()`, and once in dependency order, when the final relation of
 * every upstream node (an alias, an inlined ephemeral model) is known.
 */
export function compileProject(project: Project): { compiled: CompiledProject; renderer: ProjectSqlRenderer } {
  const jinja = new DbtRuntime({
    projectName: project.name,
    macros: project.macros,
    packages: project.packages,
    vars: project.config.vars ?? {},
    cliVars: project.cliVars,
    dispatch: project.config.dispatch,
  });
  const sourceTables = resolveSourceTables(project);
  const errors: ProjectError[] = [...project.errors, ...jinja.errors, ...sourceTables.errors];
  retargetTests(project, sourceTables.aliases);
  resolveGenericTests(project, jinja, errors);
  const nodes = new Map<string, CompiledNode>();
  for (const node of project.nodes.values()) {
    if (sourceTables.aliases.has(node.id)) continue;
    const base = { id: node.id, kind: node.kind, name: node.name, dependsOn: [], source: node };
    if (node.kind === 'source') {
      const tableError = sourceTables.errors.find((e) => e.node === node.id);
      const held = node.databaseTable;
      const relation = held
        ? [held.alias, held.schema, held.identifier].map(quoteIdentifier).join('.')
        : node.table
          ? `${quoteIdentifier(node.table.schema)}.${quoteIdentifier(node.table.identifier)}`
          : node.relation;
      nodes.set(node.id, { ...base, relation, ...(tableError ? { error: tableError } : {}), materialization: 'source', config: { materialized: 'source', enabled: true, tags: [], meta: {}, extra: {} } });
    } else {
      const objectName = node.config.alias ?? node.name;
      nodes.set(node.id, { ...base, relation: quoteIdentifier(objectName), objectName, materialization: node.config.materialized, config: node.config });
    }
  }

  const renderer = makeRenderer(jinja, nodes, sourceTables.aliases);
  const models = [...project.nodes.values()].filter((n): n is ModelNode => n.kind === 'model');
  for (const model of models) discover(model, nodes, renderer, sourceAliases(sourceTables.aliases));

  const ordered = topologicalOrder(new Map([...nodes.values()].map((n) => [n.id, n.dependsOn])));
  if (!ordered.ok) {
    const first = nodes.get(ordered.cycle[0] as string);
    const cycleError: ProjectError = { file: first?.source.location.file ?? 'dbt_project.yml', line: 1, severity: 'error', message: `ref() cycle: ${ordered.cycle.join(' → ')}` };
    errors.push(cycleError);
    for (const id of new Set(ordered.cycle)) {
      const node = nodes.get(id);
      if (node) node.error = { ...cycleError, node: id };
    }
    const order = [...nodes.keys()];
    return { compiled: { project, nodes, order, errors: withNodeErrors(errors, nodes) }, renderer };
  }

  checkObjectNames(nodes);
  attachSingularTests(project, renderer, nodes, sourceAliases(sourceTables.aliases));
  for (const id of ordered.order) {
    const node = nodes.get(id);
    if (node?.kind === 'model' && !node.error) finalRender(node, renderer);
  }
  return { compiled: { project, nodes, order: ordered.order, errors: withNodeErrors(errors, nodes) }, renderer };
}

function makeRenderer(jinja: DbtRuntime, nodes: Map<string, CompiledNode>, sourceAliases: Map<string, string>): ProjectSqlRenderer {
  return {
    render(template, file, options = {}) {
      const resolveRef = (name: string) => {
        const target = nodes.get(name);
        if (!target || target.kind === 'source') return undefined;
        const inlined = options.absolute ? target.execSql : target.sql;
        const text = target.materialization === 'ephemeral' && inlined !== undefined ? `(\n${inlined}\n)` : target.relation;
        return new Relation({ schema: 'main', identifier: target.objectName ?? target.name, type: relationType(target) }, text);
      };
      const nodeName = options.nodeName ?? '';
      const node = nodes.get(nodeName);
      return jinja.render({
        file,
        template,
        name: nodeName,
        resourceType: 'model',
        config: node ? { ...node.config.extra, materialized: node.materialization, alias: node.config.alias, tags: node.config.tags, meta: node.config.meta, unique_key: node.config.unique_key } : {},
        thisRelation: new Relation({ schema: 'main', identifier: node?.objectName ?? nodeName, type: relationType(node) }, options.thisRelation ?? quoteIdentifier(nodeName)),
        isIncremental: options.isIncremental ?? false,
        execute: options.execute ?? false,
        introspection: options.introspection,
        resolveRef,
        resolveSource: (sourceName, tableName) => {
          const alias = sourceAliases.get(sourceId(sourceName, tableName));
          if (alias) return resolveRef(alias);
          const target = nodes.get(sourceId(sourceName, tableName));
          // A source that failed has no snapshot; its relation still names it, and the build skips what reads it.
          const text = options.absolute ? (target?.execRelation ?? target?.relation) : target?.relation;
          return text === undefined ? undefined : new Relation({ schema: sourceName, identifier: tableName, type: 'external' }, text);
        },
      });
    },
  };
}

function relationType(node: CompiledNode | undefined): 'table' | 'view' | 'cte' | null {
  if (!node) return null;
  if (node.materialization === 'view') return 'view';
  if (node.materialization === 'ephemeral') return 'cte';
  return 'table';
}

const sourceAliases = (aliases: Map<string, string>) => (id: string) => aliases.get(id) ?? id;

/** Tests declared on a source that reads a project table run on that table. */
function retargetTests(project: Project, aliases: Map<string, string>): void {
  for (const test of project.tests) {
    const target = aliases.get(test.node);
    if (target) test.node = target;
  }
}

function discover(model: ModelNode, nodes: Map<string, CompiledNode>, renderer: ProjectSqlRenderer, dependency: (id: string) => string): void {
  const node = nodes.get(model.id) as CompiledNode;
  if (model.language === 'python') {
    node.error = { ...model.location, severity: 'error', node: model.id, message: `${model.name} is a Python model: Python models need a Python runtime; Assay runs SQL models (its descendants are skipped)` };
    return;
  }
  const outcome = renderer.render(model.rawSql, model.location.file, { nodeName: model.name });
  if (!outcome.ok) {
    node.error = outcome.error;
    return;
  }
  node.dependsOn = [...new Set([...outcome.capture.refs, ...[...outcome.capture.sources].map((s) => dependency(`source:${s}`))])];
  const applied = applyConfig(model.config, outcome.capture.config);
  node.config = applied.config;
  node.materialization = applied.config.materialized;
  if (applied.problems.length > 0) node.error = { ...model.location, severity: 'error', node: model.id, message: applied.problems.join('; ') };
  const snapshot = node.materialization === 'snapshot' ? snapshotSettings(node) : null;
  if (snapshot && 'problem' in snapshot) node.error = { ...model.location, severity: 'error', node: model.id, message: snapshot.problem };
  if (applied.config.alias) {
    node.objectName = applied.config.alias;
    node.relation = quoteIdentifier(applied.config.alias);
  }
}

function finalRender(node: CompiledNode, renderer: ProjectSqlRenderer): void {
  const model = node.source as ModelNode;
  const clean = (sql: string) => sql.trim().replace(/;\s*$/, '');
  const outcome = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation });
  if (!outcome.ok) {
    node.error = outcome.error;
    return;
  }
  node.sql = clean(outcome.sql);
}

/** Two models (or a model and a seed) may not write the same table: dbt would silently let the last win. */
function checkObjectNames(nodes: Map<string, CompiledNode>): void {
  const owners = new Map<string, CompiledNode>();
  for (const node of nodes.values()) {
    if (!node.objectName || node.materialization === 'ephemeral') continue;
    const key = node.objectName.toLowerCase();
    const owner = owners.get(key);
    if (owner) {
      node.error = {
        ...node.source.location,
        severity: 'error',
        node: node.id,
        message: `${node.kind} '${node.name}' writes to '${node.objectName}', which ${owner.kind} '${owner.name}' (${owner.source.location.file}) already owns`,
      };
    } else {
      owners.set(key, node);
    }
  }
}

function withNodeErrors(errors: ProjectError[], nodes: Map<string, CompiledNode>): ProjectError[] {
  const all = [...errors];
  for (const node of nodes.values()) if (node.error && !all.includes(node.error)) all.push(node.error);
  return all;
}

/** A singular test belongs to the first node it reads; reading only sources and seeds makes it an input test. */
function attachSingularTests(project: Project, renderer: ProjectSqlRenderer, nodes: Map<string, CompiledNode>, dependency: (id: string) => string): void {
  for (const test of project.tests) {
    if (test.kind !== 'singular') continue;
    const outcome = renderer.render(test.sql ?? '', test.location.file);
    if (!outcome.ok) continue;
    const read = [...outcome.capture.refs, ...[...outcome.capture.sources].map((s) => dependency(`source:${s}`))];
    test.node = read[0] ?? '';
    if (read.length > 0 && read.every((id) => ['source', 'seed'].includes(nodes.get(id)?.kind ?? ''))) test.stage = 'input';
  }
}
