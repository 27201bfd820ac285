import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { NOT_SELECTED, type BuildEvent, type ParameterProgress, type BuildSummary, type NodeBuildRecord, type NodeBuildStatus } from '../../../shared/build-types.js';
import type { NodeState } from '../../../shared/api.js';
import type { ProjectError } from '../../../shared/project-types.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import type { Engine, EngineConnection } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { sessionStatements } from '../project/dbt-profile.js';
import { assayPaths, ensureAssayDir, type AssayPaths } from '../env/assay-paths.js';
import { catalogStates } from '../env/catalog-states.js';
import { readCatalog, rememberCatalog, writeCatalogTables, type CatalogEntry, type CatalogInfo } from '../env/catalog.js';
import { lockEnvironment } from '../env/env-lock.js';
import { checkStoreFile, setAsideStoreFile } from '../env/store-records.js';
import { HistoryLimitError, readHistoryLimit } from '../env/history/history-limit.js';
import { keepPublishedCatalog } from '../env/history/keep-catalog.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import { quoteIdentifier, sqlString } from '../sql/sql-text.js';
import { materialize } from './materialize.js';
import { copyPreviousCatalog, dropLeftoverViews, stillInCatalog } from './previous-catalog.js';
import { renderProjectHooks, runHooks } from './hooks.js';
import { renderExecuting } from './introspect.js';
import { prepareProject } from './prepare-project.js';
import type { AsOf } from '../project/delivery-date.js';
import type { Project } from '../project/project.js';
import { ProjectLoadError } from './project-load-error.js';
import { runGraph } from './run-graph.js';
import { selectNodes } from './select-nodes.js';
import { withUnbuiltAncestors } from './unbuilt-ancestors.js';
import { previousEntries, type PreviousState } from './previous-state.js';
import { parametricBuild } from '../parametric/parametric-context.js';
import { logicLineages } from '../parametric/logic-lineage.js';

export interface BuildEnvironmentOptions {
  /** The project in the user's working tree: `.assay/` lives here. */
  projectRoot: string;
  /** dbt's `--vars`: they win over the project's `vars:`. */
  vars?: Record<string, unknown>;
  /** Where to read the project's files from: the working tree (default) or a worktree at another commit. */
  buildRoot?: string;
  env: string;
  branch: string | null;
  commit: string | null;
  /** An environment whose incremental results a new environment starts from (the base branch's). */
  seedFromEnv?: string;
  select?: string[];
  /** With `select`: the selected nodes' ancestors the environment does not hold up to date (never built, failed, stale) are built too. */
  withUnbuiltAncestors?: boolean;
  /** dbt's `--exclude`: selectors whose nodes are left out of the selection. */
  exclude?: string[];
  fullRefresh?: boolean;
  /** dbt's `--empty`: what nodes ref() and source() reads as zero rows (seeds load as they are). */
  empty?: boolean;
  /** `--as-of`: dated sources read only the deliveries made by then. */
  asOf?: AsOf;
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  /** The project as the caller just read it from `buildRoot` (without vars or as-of): built as it is, without reading its files again. */
  loaded?: Project;
}

/**
 * Builds one environment. The new catalog is written to a temporary file and renamed over the old
 * one only when the build ran to its end, so a crash, a kill or a cancel leaves the previous
 * environment as it was; the results themselves are immutable store files named by fingerprint.
 */
export async function buildEnvironment(options: BuildEnvironmentOptions): Promise<BuildSummary> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const paths = assayPaths(options.projectRoot);
  // Absolute: the catalog records where its views' relative file paths resolve from.
  const buildRoot = path.resolve(options.buildRoot ?? options.projectRoot);
  emit({ type: 'phase', env: options.env, phase: 'loading', message: `loading ${buildRoot}` });

  const { compiled, renderer, fingerprints, definitions, envFingerprint } = await prepareProject(options.projectRoot, buildRoot, { vars: options.vars, empty: options.empty, asOf: options.asOf, loaded: options.loaded });
  const select = options.select?.length && options.withUnbuiltAncestors ? withUnbuiltAncestors(compiled, await environmentStates(paths.envFile(options.env), compiled, fingerprints), options.select) : options.select;
  const selection = select?.length || options.exclude?.length ? selectNodes(compiled, select ?? [], options.exclude ?? [], await selectionState(paths, options, definitions)) : null;
  if (selection && !selection.ok) throw new ProjectLoadError([{ file: 'dbt_project.yml', severity: 'error', message: selection.error }]);

  const historyLimit = await readHistoryLimit(options.projectRoot).catch((err: unknown) => {
    throw err instanceof HistoryLimitError ? new ProjectLoadError([{ file: 'dbt_project.yml', severity: 'error', message: err.message }]) : err;
  });
  const release = await lockEnvironment(paths.lockFile(options.env), options.env);
  try {
    await removeAbandonedBuilds(paths, options.env);
    const errors = [...compiled.errors];
    const previous = await previousEntries(paths, options, errors);
    const summaryBase = { env: options.env, branch: options.branch, commit: options.commit, envFingerprint };
    if ((await previous.upToDate(fingerprints, buildRoot)) && !options.fullRefresh && !selection) {
      emit({ type: 'phase', env: options.env, phase: 'done', message: 'up to date: nothing to build' });
      const nodes = [...previous.entries.values()].map((e) => ({ ...recordOf(e), status: 'reused' as const, ms: 0 }));
      return { ...summaryBase, status: 'up-to-date', nodes, ms: Date.now() - started, errors: errors.map(plainError) };
    }
    const storeProblem = (message: string) => {
      errors.push({ file: path.relative(options.projectRoot, paths.storeDir) || '.assay/store', severity: 'warning', message });
      emit({ type: 'phase', env: options.env, phase: 'building', message });
    };
    const warn = (problem: ProjectError) => errors.push(problem);
    const run = new EnvironmentBuild(paths, options, compiled, renderer, fingerprints, definitions, previous, selection?.ok ? selection.ids : null, buildRoot, storeProblem, warn);
    const entries = await run.execute();
    if (options.signal?.aborted) {
      await run.discard();
      emit({ type: 'phase', env: options.env, phase: 'done', message: 'cancelled: the previous environment is unchanged' });
      return { ...summaryBase, status: 'cancelled', nodes: entries.map(recordOf), ms: Date.now() - started, errors: errors.map(plainError) };
    }
    if (run.endFailure) errors.push({ file: 'dbt_project.yml', severity: 'error', message: run.endFailure });
    const failed = run.endFailure !== null || entries.some((e) => e.status === 'failed' || (e.status === 'skipped' && e.error !== NOT_SELECTED));
    const setup = sessionStatements(compiled.project.session);
    const info: CatalogInfo = { ...summaryBase, root: buildRoot, builtAt: new Date().toISOString(), status: failed ? 'failed' : 'ok', setup };
    emit({ type: 'phase', env: options.env, phase: 'publishing', message: `publishing ${paths.envFile(options.env)}` });
    await run.publish(info, entries);
    const summary: BuildSummary = { ...summaryBase, status: failed ? 'failed' : 'ok', nodes: entries.map(recordOf), ms: Date.now() - started, errors: errors.map(plainError) };
    // Published is published: a catalog that cannot join the history (issue 17) is a warning, not a failed build.
    await keepPublishedCatalog(paths, summary, info, entries, historyLimit).catch((err: Error) => {
      summary.errors.push({ file: path.relative(options.projectRoot, paths.envHistoryDir), severity: 'warning', message: `the new catalog was published but not kept in the environment's history: ${err.message}` });
    });
    emit({ type: 'phase', env: options.env, phase: 'done', message: failed ? 'built with failures' : 'built' });
    return summary;
  } finally {
    await release();
  }
}

class EnvironmentBuild {
  private readonly tempFile: string;
  private engine: Engine | null = null;
  private readonly connections: EngineConnection[] = [];
  private readonly records = new Map<string, CatalogEntry>();
  /** Why `on-run-end` failed, if it did: the build is then not ok. */
  endFailure: string | null = null;
  /** The build started from a copy of the environment's previous catalog: unchanged nodes' views are already there. */
  private fromPrevious = false;

  constructor(
    private readonly paths: AssayPaths,
    private readonly options: BuildEnvironmentOptions,
    private readonly compiled: CompiledProject,
    private readonly renderer: ProjectSqlRenderer,
    private readonly fingerprints: Map<string, string>,
    private readonly definitions: Map<string, string>,
    private readonly previousState: PreviousState,
    private readonly selected: Set<string> | null,
    private readonly buildRoot: string,
    /** Says that a store file this build would have reused is no longer what was written. */
    private readonly storeProblem: (message: string) => void = () => {},
    /** A warning about one node while it builds (a parametric model's NULL values). */
    private readonly warn: (problem: ProjectError) => void = () => {},
  ) {
    this.tempFile = `${paths.envFile(options.env)}.build-${process.pid}-${Date.now()}`;
  }

  async execute(): Promise<CatalogEntry[]> {
    const { options, compiled } = this;
    await ensureAssayDir(this.paths);
    const { session } = compiled.project;
    this.fromPrevious = await copyPreviousCatalog({
      info: this.previousState.info, compiled, buildRoot: this.buildRoot, fullRefresh: options.fullRefresh ?? false, envFile: this.paths.envFile(options.env), tempFile: this.tempFile,
    });
    const engine = await openEngine({ path: this.tempFile, fileSearchPath: this.buildRoot, setup: sessionStatements(session) });
    this.engine = engine;
    const concurrency = Math.max(1, options.concurrency ?? session.threads ?? 2);
    try {
      for (let i = 0; i < concurrency; i++) this.connections.push(await engine.connect());
    } catch (err) {
      await this.discard();
      const message = `the profile's DuckDB session does not start: ${err instanceof Error ? err.message : String(err)}`;
      throw new ProjectLoadError([{ file: session.file ?? 'profiles.yml', severity: 'error', message }]);
    }
    // An interrupt that lands just before a query starts is lost, so keep interrupting until the graph stops.
    let interrupter: NodeJS.Timeout | undefined;
    const onAbort = () => {
      this.connections.forEach((c) => c.interrupt());
      interrupter = setInterval(() => this.connections.forEach((c) => c.interrupt()), 50);
    };
    options.signal?.addEventListener('abort', onAbort);

    // Custom schemas (dbt's +schema, generate_schema_name) are schemas inside this environment.
    for (const schema of new Set([...compiled.nodes.values()].map((n) => n.objectSchema ?? 'main'))) {
      if (schema !== 'main') await (this.connections[0] as EngineConnection).query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    }
    const projectErrors: ProjectError[] = [];
    const onRunStart = renderProjectHooks(this.renderer, compiled.project.config['on-run-start'], projectErrors);
    const onRunEnd = renderProjectHooks(this.renderer, compiled.project.config['on-run-end'], projectErrors);
    const startFailure = projectErrors[0]?.message ?? (await runHooks(this.connections[0] as EngineConnection, 'on-run-start hook', onRunStart).then(() => null, (err: Error) => err.message));
    if (startFailure) {
      for (const id of compiled.order) this.record(id, { status: 'skipped', error: `not built: ${startFailure}` });
      options.onEvent?.({ type: 'phase', env: options.env, phase: 'building', message: startFailure });
      return compiled.order.map((id) => this.records.get(id)).filter((e): e is CatalogEntry => e !== undefined);
    }
    for (const id of compiled.order) this.event(id, 'queued');
    options.onEvent?.({ type: 'phase', env: options.env, phase: 'building', message: `building ${compiled.order.length} nodes` });
    // A node that could not be compiled fails at once: waiting for its dependencies could be forever
    // (a ref() cycle), and a node that never runs would be missing from the environment unreported.
    const dependsOn = new Map([...compiled.nodes.values()].map((n) => [n.id, n.error ? [] : n.dependsOn]));
    try {
      await runGraph(compiled.order, dependsOn, concurrency, {
        run: (id, worker) => this.buildNode(id, this.connections[worker] as EngineConnection),
        skip: (id, failed) => {
          this.record(id, { status: 'skipped', error: `not built: upstream node ${failed} failed` });
          this.event(id, 'skipped', { because: failed });
        },
      }, options.signal);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      clearInterval(interrupter);
    }
    this.endFailure = await runHooks(this.connections[0] as EngineConnection, 'on-run-end hook', onRunEnd).then(() => null, (err: Error) => err.message);
    if (this.fromPrevious) await dropLeftoverViews(this.connections[0] as EngineConnection, this.previousState.entries.values(), this.records.values());
    return compiled.order.map((id) => this.records.get(id)).filter((e): e is CatalogEntry => e !== undefined);
  }

  async publish(info: CatalogInfo, entries: CatalogEntry[]): Promise<void> {
    const conn = this.connections[0] as EngineConnection;
    await writeCatalogTables(conn, info, entries, this.fromPrevious ? this.previousState.entries : undefined);
    await conn.query('CHECKPOINT');
    await this.closeEngine();
    await rename(this.tempFile, this.paths.envFile(this.options.env));
    await rememberCatalog(this.paths.envFile(this.options.env), info, entries);
  }

  async discard(): Promise<void> {
    await this.closeEngine();
    await rm(this.tempFile, { force: true });
    await rm(`${this.tempFile}.wal`, { force: true });
  }

  private async closeEngine(): Promise<void> {
    for (const conn of this.connections.splice(0)) await conn.close();
    await this.engine?.close();
    this.engine = null;
  }

  private async buildNode(id: string, conn: EngineConnection): Promise<{ ok: true } | { ok: false; error: string }> {
    const node = this.compiled.nodes.get(id) as CompiledNode;
    if (node.error) {
      const message = `${node.error.file}${node.error.line ? `:${node.error.line}` : ''}: ${node.error.message}`;
      this.record(id, { status: 'failed', error: message });
      this.event(id, 'failed', { error: message });
      return { ok: false, error: message };
    }
    const started = Date.now();
    this.event(id, 'started');
    const previous = this.previousState.entries.get(id);
    const fingerprint = this.fingerprints.get(id) as string;
    if (previous && this.fromPrevious && stillInCatalog(node, previous, fingerprint) && (!previous.physical || (await checkStoreFile(previous.physical)).intact)) {
      this.record(id, { status: 'reused', physical: previous.physical, rows: previous.rows, ms: 0 });
      this.event(id, 'reused', { rows: previous.rows ?? undefined, ms: 0 });
      return { ok: true };
    }
    try {
      const unselected = this.selected !== null && !this.selected.has(id) && previous?.fingerprint !== fingerprint;
      const carry = unselected ? await this.carry(node, previous, conn) : null;
      // A previous result that is no longer what was written is not kept: the node is built again.
      const carried = carry === 'rebuild' ? null : carry;
      // A source is the project's input, there as a table is for dbt: one never snapshotted here is
      // snapshotted even when not selected, so that what is selected can read it.
      if (unselected && !carried && carry !== 'rebuild' && node.kind !== 'source') {
        this.record(id, { status: 'skipped', error: NOT_SELECTED });
        this.event(id, 'skipped', { error: NOT_SELECTED });
        return { ok: true };
      }
      if (!carried && node.usesExecute) await this.renderExecuting(node, conn);
      if (!carried && node.hooks) await runHooks(conn, 'pre-hook', node.hooks.pre);
      const result = carried ?? (await materialize({
        conn, node, fingerprint, buildRoot: this.buildRoot, storeDir: this.paths.storeDir, renderer: this.renderer, previous,
        // dbt's `full_refresh: false` config: the node is never rebuilt from scratch, --full-refresh or not.
        fullRefresh: (this.options.fullRefresh ?? false) && node.config.extra.full_refresh !== false, empty: this.options.empty, canAppend: this.previousState.own && previous?.definition === this.definitions.get(id),
        onStoreProblem: this.storeProblem,
        parametric: parametricBuild(node, this, { threads: this.connections.length, signal: this.options.signal, event: (values) => this.event(id, 'started', { values }), warn: this.warn }),
      }));
      // Hooks run whenever the node is in the new environment, reused or not: what they make lives in this catalog.
      if (!carried && node.hooks) await runHooks(conn, 'post-hook', node.hooks.post);
      const ms = Date.now() - started;
      // A carried node keeps its old result, so it keeps the fingerprint that result was built from.
      const recordedFingerprint = result.status === 'carried' ? previous?.fingerprint : fingerprint;
      this.record(id, { status: result.status, physical: result.physical, rows: result.rows, ms, fingerprint: recordedFingerprint });
      this.event(id, result.status, { rows: result.rows ?? undefined, ms });
      return { ok: true };
    } catch (err) {
      const message = `${node.source.location.file}: ${err instanceof Error ? err.message : String(err)}`;
      this.record(id, { status: 'failed', error: message, ms: Date.now() - started });
      this.event(id, 'failed', { error: message, ms: Date.now() - started });
      return { ok: false, error: message };
    }
  }

  /** A model that reads `execute` or asks the database is rendered again, now executing, against this environment. */
  private async renderExecuting(node: CompiledNode, conn: EngineConnection): Promise<void> {
    const model = node.source;
    if (model.kind !== 'model') return;
    const outcome = await renderExecuting(
      (introspection) => this.renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true, execute: true, introspection }),
      conn,
    );
    if (!outcome.ok) throw new Error(`${outcome.error.line ? `line ${outcome.error.line}: ` : ''}${outcome.error.message}`);
    node.execSql = outcome.sql.trim().replace(/;\s*$/, '');
  }

  /** A node left out of `--select` keeps its previous result when it has one. */
  private async carry(node: CompiledNode, previous: CatalogEntry | undefined, conn: EngineConnection) {
    if (!previous?.physical) return null;
    const check = await checkStoreFile(previous.physical);
    if (!check.intact && check.reason !== 'it is missing') {
      const aside = await setAsideStoreFile(previous.physical);
      this.storeProblem(`store file ${path.basename(previous.physical)} of ${node.id} is not what was written (${check.reason}): moved it to ${path.basename(aside)}; rebuilding it`);
      return 'rebuild' as const;
    }
    const result = await conn.query(`CREATE OR REPLACE VIEW ${node.relation} AS SELECT * FROM read_parquet(${sqlString(previous.physical)})`);
    if (!result.ok) return null;
    return { status: 'carried' as const, physical: previous.physical, rows: previous.rows };
  }

  private record(id: string, fields: Partial<CatalogEntry> & { status: NodeBuildStatus }): void {
    const node = this.compiled.nodes.get(id) as CompiledNode;
    this.records.set(id, {
      node: id,
      kind: node.kind,
      materialization: node.materialization,
      objectName: node.objectName ?? null,
      objectSchema: node.objectSchema ?? 'main',
      fingerprint: this.fingerprints.get(id) ?? '',
      definition: this.definitions.get(id) ?? '',
      physical: null,
      rows: null,
      ms: null,
      error: null,
      ...fields,
    });
  }

  /** Another connection to the environment being built (a parametric model's values run side by side). */
  connect(): Promise<EngineConnection> {
    if (!this.engine) throw new Error('the environment being built is closed');
    return this.engine.connect();
  }

  /** The SQL and config of each node and its upstream, without data (see parametric/logic-lineage.ts). */
  get lineages(): Map<string, string> {
    return (this.lineageCache ??= logicLineages(this.compiled, this.definitions));
  }

  private lineageCache: Map<string, string> | undefined;

  private event(node: string, status: NodeBuildStatus, extra: { rows?: number; ms?: number; error?: string; because?: string; values?: ParameterProgress } = {}): void {
    this.options.onEvent?.({ type: 'node', env: this.options.env, node, status, ...extra });
  }
}

function recordOf(entry: CatalogEntry): NodeBuildRecord {
  return {
    node: entry.node,
    kind: entry.kind,
    materialization: entry.materialization,
    fingerprint: entry.fingerprint,
    status: entry.status,
    rows: entry.rows ?? undefined,
    ms: entry.ms ?? undefined,
    error: entry.error ?? undefined,
  };
}

function plainError(e: ProjectError) {
  return { file: e.file, line: e.line, message: e.message, node: e.node, severity: e.severity };
}

/** `state:` selectors compare each node's definition with the base environment's, when there is one. */
async function selectionState(paths: AssayPaths, options: BuildEnvironmentOptions, definitions: Map<string, string>) {
  const base = options.seedFromEnv ? await readCatalog(paths.envFile(options.seedFromEnv)) : null;
  return { definitions, base: base?.state === 'ok' ? new Map([...base.entries.values()].map((e) => [e.node, e.definition])) : null };
}

/** Temporary catalogs of builds that were killed: whoever holds the lock may delete them. */
async function removeAbandonedBuilds(paths: AssayPaths, env: string): Promise<void> {
  const prefix = `${path.basename(paths.envFile(env))}.build-`;
  for (const file of await readdir(paths.envsDir).catch(() => [] as string[])) {
    if (file.startsWith(prefix)) await rm(path.join(paths.envsDir, file), { force: true });
  }
}

/** The environment's nodes as its catalog holds them now (none when it was never built or cannot be read). */
async function environmentStates(envFile: string, compiled: CompiledProject, fingerprints: Map<string, string>): Promise<NodeState[]> {
  const catalog = await readCatalog(envFile);
  return catalog.state === 'ok' ? catalogStates(compiled.order, catalog.entries, fingerprints) : [];
}
