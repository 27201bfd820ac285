import type { ProjectError } from '../../../shared/project-types.js';
import type { AdapterType } from '../dbt/adapter-type.js';
import { DbtRuntime, type RuntimeOptions } from '../dbt/dbt-runtime.js';
import { applyConfig } from '../project/node-config.js';
import type { ModelNode, Project } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { CompiledAnalysis, CompiledNode, CompiledProject } from './compiled-project.js';
import { topologicalOrder } from './graph.js';
import { snapshotSettings } from '../build/materialize-snapshot.js';
import { compileExposures } from './compile-exposures.js';
import { contractDiagnostics } from '../contracts/contract-diagnostics.js';
import { withDeclaredShapes } from './declared-shape.js';
import { resolveGenericTests } from './generic-tests.js';
import { makeRenderer, type ProjectRenderer, type ProjectSqlRenderer } from './project-renderer.js';
import { RenderMemo } from './render-memo.js';
import { nameNodes } from './node-naming.js';
import { checkParametricModels } from '../parametric/check-parametric.js';
import { resolveSourceTables } from './source-tables.js';

/**
 * Renders every model and works out the graph. Rendering runs twice: once to learn each model's
 * `ref()`s, `source()`s and `config()`, and once in dependency order, when the final relation of
 * every upstream node (an alias, an inlined ephemeral model) is known.
 */
export function compileProject(project: Project, options: { empty?: boolean; adapter?: AdapterType } = {}): { compiled: CompiledProject; renderer: ProjectRenderer; runtime: DbtRuntime } {
  const jinja = new DbtRuntime(projectRuntimeOptions(project, options.adapter));
  const sourceTables = resolveSourceTables(project, (options.adapter ?? 'duckdb') !== 'duckdb');
  const errors: ProjectError[] = [...project.errors, ...jinja.errors, ...sourceTables.errors];
  retargetTests(project, sourceTables.aliases);
  resolveGenericTests(project, jinja, errors);
  const projectNodes = options.empty ? withDeclaredShapes(project.nodes.values(), errors) : [...project.nodes.values()];
  const nodes = new Map<string, CompiledNode>();
  for (const node of projectNodes) {
    if (sourceTables.aliases.has(node.id)) continue;
    const base = { id: node.id, kind: node.kind, name: node.name, dependsOn: [], source: node };
    if (node.kind === 'source') {
      const tableError = sourceTables.errors.find((e) => e.node === node.id) ?? node.deliveriesError;
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

  const renderer = makeRenderer(jinja, nodes, sourceTables.aliases, { empty: options.empty, adapter: options.adapter });
  const memo = RenderMemo.of(project);
  const models = projectNodes.filter((n): n is ModelNode => n.kind === 'model');
  for (const model of models) discover(model, nodes, renderer, memo, sourceAliases(sourceTables.aliases), options.empty ?? false);

  const ordered = orderAroundCycles(nodes, errors);

  nameNodes(project, nodes, jinja);
  checkObjectNames(nodes);
  checkContracts(nodes, errors);
  attachSingularTests(project, renderer, nodes, sourceAliases(sourceTables.aliases));
  for (const id of ordered) {
    const node = nodes.get(id);
    if (node?.kind === 'model' && !node.error) finalRender(node, renderer, memo);
  }
  checkParametricModels(nodes.values());
  const analyses = compileAnalyses(project, renderer);
  const exposures = compileExposures(project, renderer, errors);
  errors.push(...analyses.flatMap((a) => (a.error ? [a.error] : [])));
  return { compiled: { project, nodes, order: ordered, analyses, exposures, errors: withNodeErrors(errors, nodes), ...(options.empty ? { empty: true } : {}) }, renderer, runtime: jinja };
}

/** What the project's dbt runtime is made of: its macros, packages, vars and target. */
/** `adapter`: the engine SQL is rendered for (`target.type`, `adapter.dispatch`'s prefixes, dbt's cross-database macros). */
export function projectRuntimeOptions(project: Project, adapter: AdapterType = 'duckdb'): RuntimeOptions {
  return {
    projectName: project.name,
    macros: project.macros,
    packages: project.packages,
    vars: project.config.vars ?? {},
    cliVars: project.cliVars,
    dispatch: project.config.dispatch,
    target: { type: adapter, name: project.session.targetName ?? 'dev', profile_name: project.session.profileName ?? project.config.profile ?? project.name, threads: project.session.threads ?? 4 },
  };
}

const sourceAliases = (aliases: Map<string, string>) => (id: string) => aliases.get(id) ?? id;

/** Tests declared on a source that reads a project table run on that table. */
function retargetTests(project: Project, aliases: Map<string, string>): void {
  for (const test of project.tests) {
    const target = aliases.get(test.node);
    if (target) test.node = target;
  }
}

function discover(model: ModelNode, nodes: Map<string, CompiledNode>, renderer: ProjectSqlRenderer, memo: RenderMemo, dependency: (id: string) => string, empty: boolean): void {
  const node = nodes.get(model.id) as CompiledNode;
  if (model.language === 'python') {
    const shape = empty ? '; declare every column\'s data_type in its YAML to build its shape with --empty' : '';
    node.error = { ...model.location, severity: 'error', node: model.id, message: `${model.name} is a Python model: Python models need a Python runtime; Assay runs SQL models (its descendants are skipped)${shape}` };
    return;
  }
  let found = memo.discovered(model);
  // A remembered render is only as good as the names it read: one that no longer resolves must fail again, by rendering.
  if (found && !found.refs.every((r) => nodes.get(r) && nodes.get(r)?.kind !== 'source')) found = undefined;
  if (found && !found.sources.every((s) => nodes.has(dependency(`source:${s}`)))) found = undefined;
  if (!found) {
    const outcome = renderer.render(model.rawSql, model.location.file, { nodeName: model.name });
    if (!outcome.ok) {
      memo.forget(model);
      node.error = outcome.error;
      return;
    }
    found = { refs: [...outcome.capture.refs], sources: [...outcome.capture.sources], config: outcome.capture.config };
    if (outcome.capture.volatile) memo.forget(model);
    else memo.rememberDiscovered(model, found);
  }
  node.dependsOn = [...new Set([...found.refs, ...found.sources.map((s) => dependency(`source:${s}`))])];
  const applied = applyConfig(model.config, found.config);
  node.config = applied.config;
  node.materialization = applied.config.materialized;
  if (applied.problems.length > 0) node.error = { ...model.location, severity: 'error', node: model.id, message: applied.problems.join('; ') };
  const snapshot = node.materialization === 'snapshot' ? snapshotSettings(node) : null;
  if (snapshot && 'problem' in snapshot) node.error = { ...model.location, severity: 'error', node: model.id, message: snapshot.problem };

}

function finalRender(node: CompiledNode, renderer: ReturnType<typeof makeRenderer>, memo: RenderMemo): void {
  const model = node.source as ModelNode;
  const remembered = memo.finalSql(model, (key) => renderer.relationText(key));
  if (remembered !== undefined) {
    node.sql = remembered;
    return;
  }
  const used = new Map<string, string>();
  const outcome = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, used });
  if (!outcome.ok) {
    node.error = outcome.error;
    return;
  }
  node.sql = outcome.sql.trim().replace(/;\s*$/, '');
  if (!outcome.capture.volatile) memo.rememberFinal(model, used, node.sql);
}

/**
 * Every node id, dependencies first. A `ref()` cycle is one error (its nodes fail with it, and what
 * reads them is skipped by the build); the nodes outside every cycle are still ordered and compiled.
 */
function orderAroundCycles(nodes: Map<string, CompiledNode>, errors: ProjectError[]): string[] {
  const inCycle = new Set<string>();
  for (;;) {
    const graph = new Map([...nodes.values()].filter((n) => !inCycle.has(n.id)).map((n) => [n.id, n.dependsOn.filter((d) => !inCycle.has(d))]));
    const ordered = topologicalOrder(graph);
    if (ordered.ok) return [...ordered.order, ...inCycle];
    const first = nodes.get(ordered.cycle[0] as string);
    const cycleError: ProjectError = { file: first?.source.location.file ?? 'dbt_project.yml', line: 1, severity: 'error', node: first?.id, message: `ref() cycle: ${ordered.cycle.join(' → ')}` };
    errors.push(cycleError);
    for (const id of ordered.cycle) {
      inCycle.add(id);
      const node = nodes.get(id);
      if (node) node.error = cycleError;
    }
  }
}

/** dbt compiles analyses with the project's context; one that does not compile is an error, as in `dbt compile`. */
function compileAnalyses(project: Project, renderer: ProjectSqlRenderer): CompiledAnalysis[] {
  return project.analyses.map(({ file, text }) => {
    const name = file.replace(/^.*\//, '').replace(/\.sql$/, '');
    const outcome = renderer.render(text, file, { nodeName: name });
    return outcome.ok ? { name, file, sql: outcome.sql.trim() } : { name, file, error: { ...outcome.error, node: undefined } };
  });
}

/** Two models (or a model and a seed) may not write the same table: dbt would silently let the last win. */
function checkObjectNames(nodes: Map<string, CompiledNode>): void {
  const owners = new Map<string, CompiledNode>();
  for (const node of nodes.values()) {
    // A node that failed already (a Python model) never writes its name.
    if (!node.objectName || node.materialization === 'ephemeral' || node.error) continue;
    const key = `${node.objectSchema ?? 'main'}.${node.objectName}`.toLowerCase();
    const owner = owners.get(key);
    if (owner) {
      node.error = {
        ...node.source.location,
        severity: 'error',
        node: node.id,
        message: `${node.kind} '${node.name}' writes to '${node.objectSchema && node.objectSchema !== 'main' ? `${node.objectSchema}.` : ''}${node.objectName}', which ${owner.kind} '${owner.name}' (${owner.source.location.file}) already owns`,
      };
    } else {
      owners.set(key, node);
    }
  }
}

/** A malformed contract fails its model; a constraint the build will not check is a warning. */
function checkContracts(nodes: Map<string, CompiledNode>, errors: ProjectError[]): void {
  for (const node of nodes.values()) {
    if (node.kind !== 'model' || node.error) continue;
    const found = contractDiagnostics(node);
    if (found.error) node.error = found.error;
    errors.push(...found.warnings);
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
