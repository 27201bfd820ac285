import path from 'node:path';
import { NOT_SELECTED, type BuildEvent, type BuildSummary, type NodeBuildRecord } from '../../../../shared/build-types.js';
import type { ProjectError } from '../../../../shared/project-types.js';
import { checkoutTarget, resolveBuildTarget } from '../../build/build-target.js';
import { runGraph } from '../../build/run-graph.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import type { EngineConnection } from '../../engine/engine.js';
import { openEngine } from '../../engine/open-engine.js';
import { emptyEnvName } from '../../env/assay-paths.js';
import { environmentFingerprint } from '../../env/fingerprint.js';
import { describeTarget, type PostgresTarget } from '../postgres-target.js';
import { dropRetiredSchemas, ensureWarehouseSchemas, existingStoreObjects, publishWarehouseEnvironment, recordedRows, readWarehouseCatalog, readWarehouseEnvironment, type WarehouseEntry } from './pg-catalog.js';
import { compileForWarehouse } from './pg-compile.js';
import { PgWarehouse, WarehouseError } from './pg-connection.js';
import { renderForWarehouse, storeObjectNames } from './pg-exec-sql.js';
import { incrementalPlan, snapshotPlan, type IncrementalPlan } from './pg-incremental-plan.js';
import { withEnvironmentLock } from './pg-lock.js';
import { materializeOnWarehouse } from './pg-materialize.js';
import { environmentSchemaOf, identifierProblem } from './pg-names.js';
import { missingUpstream, planSelection, selectOnWarehouse } from './pg-selection.js';

/** How long a build waits for readers of the environment it replaced before leaving its old schemas to gc. */
const RETIRED_DROP_WAIT_MS = 2000;

export interface WarehouseBuildOptions {
  projectRoot: string;
  branch?: string;
  /** The profile's target by name; default `$DBT_TARGET`, else the profile's `target:`. */
  target?: string;
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
  /** dbt's `--select` / `--exclude`, with the local build's meaning (see pg-selection.ts). */
  select?: string[];
  exclude?: string[];
  /** dbt's `--empty`: models read zero rows of what they ref() and source(), into the environment `<env>^empty`, as locally. */
  empty?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

export interface WarehouseBuild {
  summary: BuildSummary;
  target: PostgresTarget;
  /** The schema each of dbt's schemas has in this environment. */
  schemas: Record<string, string>;
  /** What was built, compiled for PostgreSQL: tests render against it. */
  compiled: CompiledProject;
  renderer: ProjectSqlRenderer;
  schemaOf: (dbtSchema: string) => string;
}

/**
 * Builds a branch's environment on the profile's PostgreSQL target: each node's result is a table
 * or view in `assay_store` named by its fingerprint (reused by every environment that has the same
 * node), and the environment is a set of schemas of views over them, swapped in one transaction
 * at the end. A build that fails, is cancelled or loses its connection leaves the previous
 * environment as it was.
 */
export async function buildOnWarehouse(options: WarehouseBuildOptions): Promise<WarehouseBuild> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const buildTarget = await resolveBuildTarget(options.projectRoot, options.branch);
  await checkoutTarget(buildTarget);
  const env = options.empty ? emptyEnvName(buildTarget.env) : buildTarget.env;
  const { compiled, renderer, target, fingerprints, definitions } = await compileForWarehouse(options.projectRoot, buildTarget.buildRoot, options.vars, options.target, options.empty);
  const selecting = Boolean(options.select?.length || options.exclude?.length);
  // The base (main) is what a branch compares with: an --empty build has none, as locally.
  const hasBase = env !== 'main' && !options.empty;
  const schemaOf = environmentSchemaOf(target.schema, env);
  const errors: ProjectError[] = [...compiled.errors];
  refuseLongNames(compiled, schemaOf, target);
  const refresh = options.fullRefresh ? String(started) : undefined;
  const wholeObjects = storeObjectNames(compiled, fingerprints, refresh);
  const summaryBase = { env, branch: buildTarget.branch, commit: buildTarget.commit, envFingerprint: environmentFingerprint(fingerprints) };

  emit({ type: 'phase', env, phase: 'loading', message: `connecting to ${describeTarget(target)}` });
  const warehouse = await PgWarehouse.connect(target);
  const duck: { opened?: Promise<{ conn: EngineConnection; close: () => Promise<void> }> } = {};
  const onAbort = () => void warehouse.cancelRunning().catch(() => {});
  options.signal?.addEventListener('abort', onAbort);
  try {
    await ensureWarehouseSchemas(warehouse).catch((err: unknown) => {
      throw new WarehouseError(`${warehouse.error(err).message} (Assay keeps its results in the schemas assay_store and assay_meta: the user needs CREATE on the database, or an administrator creates them for it)`);
    });
    return await warehouse.withClient((lockClient) => withEnvironmentLock(lockClient, env, warehouse.name, async () => {
      const previous = await readWarehouseCatalog(warehouse, env);
      const previousEnv = await readWarehouseEnvironment(warehouse, env);
      const snapshots = [...compiled.nodes.values()].some((n) => n.materialization === 'snapshot');
      // A branch's first snapshot grows from the base's version; `state:` selectors compare with the base; a first selective build keeps the base's results.
      const baseCatalog = hasBase && (snapshots || selecting) ? await readWarehouseCatalog(warehouse, 'main') : new Map<string, WarehouseEntry>();
      const base = snapshots ? baseCatalog : new Map<string, WarehouseEntry>();
      const selected = selecting ? selectOnWarehouse(compiled, options.select ?? [], options.exclude ?? [], definitions, hasBase ? baseCatalog : null) : null;
      const kept = previousEnv ? previous : baseCatalog;
      const wanted = [...new Set([...wholeObjects.values(), ...[...previous.values(), ...base.values(), ...kept.values()].map((e) => e.storeObject)].filter((o): o is string => Boolean(o)))];
      const existing = await existingStoreObjects(warehouse, wanted);
      const selection = selected ? planSelection({ compiled, selected, fingerprints, kept, wholeObjects, existing }) : null;
      const stored = selection?.storedFingerprints ?? fingerprints;
      const objects = selection ? storeObjectNames(compiled, stored, refresh) : wholeObjects;
      const unchecked = [...objects.values()].filter((o): o is string => Boolean(o) && !wanted.includes(o as string));
      for (const object of await existingStoreObjects(warehouse, unchecked)) existing.add(object);
      const knownRows = await recordedRows(warehouse, [...existing]);
      const canAppend = (id: string) => previous.get(id)?.definition === definitions.get(id);
      const plans = incrementalPlans(compiled, { fingerprints: stored, wholeObjects: objects, previous, base, existing, fullRefresh: options.fullRefresh ?? false, canAppend });
      const storeObjects = new Map([...objects, ...[...plans].map(([id, plan]) => [id, plan.object] as const)]);
      // What reads a node left out of the selection reads what the environment keeps for it.
      for (const [id, entry] of selection?.carried ?? []) storeObjects.set(id, entry.storeObject);
      renderForWarehouse(compiled, renderer, storeObjects);
      const schemas = Object.fromEntries([...new Set([...compiled.nodes.values()].filter((n) => n.objectSchema && n.materialization !== 'ephemeral' && n.kind !== 'source').map((n) => n.objectSchema as string))].map((s) => [s, schemaOf(s)]));
      if (upToDate(compiled, fingerprints, previous, existing) && previousEnv?.status === 'ok' && !options.fullRefresh && !selected) {
        emit({ type: 'phase', env, phase: 'done', message: 'up to date: nothing to build' });
        const nodes = [...previous.values()].map((e) => recordOf(e, 'reused'));
        return { target, schemas, compiled, renderer, schemaOf, summary: { ...summaryBase, status: 'up-to-date', nodes, ms: Date.now() - started, errors: errors.map(plainError) } };
      }
      emit({ type: 'phase', env, phase: 'building', message: `building on ${warehouse.name}` });
      const entries = new Map<string, WarehouseEntry>();
      /** How long each node took on the warehouse, for the summary and its events. */
      const took = new Map<string, number>();
      const record = (id: string, entry: Omit<WarehouseEntry, 'nodeId' | 'kind' | 'materialization' | 'dbtSchema' | 'objectName' | 'fingerprint' | 'definition'> & Partial<Pick<WarehouseEntry, 'fingerprint' | 'definition'>>) => {
        const node = compiled.nodes.get(id);
        if (!node) return;
        const full: WarehouseEntry = {
          nodeId: id, kind: node.kind, materialization: node.materialization, dbtSchema: node.kind === 'source' ? null : (node.objectSchema ?? null), objectName: node.kind === 'source' ? null : (node.objectName ?? null),
          fingerprint: stored.get(id) ?? '', definition: definitions.get(id) ?? '', ...entry,
        };
        entries.set(id, full);
        const ms = took.get(id);
        emit({ type: 'node', env, node: id, status: full.status, ...(full.rows !== null ? { rows: full.rows } : {}), ...(ms !== undefined ? { ms } : {}), ...(full.error ? { error: full.error } : {}) });
      };
      const order = compiled.order.filter((id) => compiled.nodes.has(id));
      for (const id of order) {
        const error = compiled.nodes.get(id)?.error;
        if (error) record(id, { storeObject: null, rows: null, status: 'failed', error: error.message });
      }
      const runnable = order.filter((id) => !compiled.nodes.get(id)?.error);
      const failedUpstream = new Set(order.filter((id) => compiled.nodes.get(id)?.error));
      const dependsOn = new Map(order.map((id) => [id, compiled.nodes.get(id)?.dependsOn ?? []]));
      await runGraph(runnable, dependsOn, target.threads, {
        run: async (id) => {
          const node = compiled.nodes.get(id);
          if (!node) return { ok: true };
          const upstream = node.dependsOn.find((d) => failedUpstream.has(d));
          if (upstream) {
            record(id, { storeObject: null, rows: null, status: 'skipped', error: `skipped: ${upstream} failed` });
            return { ok: false, error: 'skipped' };
          }
          // Left out of the selection: what the environment had (with the fingerprint it was built from), or nothing.
          const keep = selection?.carried.get(id);
          if (keep) {
            record(id, { storeObject: keep.storeObject, rows: keep.rows, status: 'carried', fingerprint: keep.fingerprint, definition: keep.definition });
            return { ok: true };
          }
          if (selection?.notSelected.has(id)) {
            record(id, { storeObject: null, rows: null, status: 'skipped', error: NOT_SELECTED });
            return { ok: true };
          }
          const missing = selection ? missingUpstream(compiled, id, selection, env) : null;
          if (missing) {
            record(id, { storeObject: null, rows: null, status: 'failed', error: missing });
            return { ok: false, error: missing };
          }
          emit({ type: 'node', env, node: id, status: 'started' });
          const nodeStarted = performance.now();
          const timed = () => took.set(id, Math.round(performance.now() - nodeStarted));
          try {
            const prev = previous.get(id);
            const done = await materializeOnWarehouse({
              warehouse, node, fingerprint: stored.get(id) as string, storeObject: storeObjects.get(id) ?? null, buildRoot: buildTarget.buildRoot, renderer, previous: prev,
              existing, knownRows, plan: plans.get(id), empty: options.empty,
              duck: async () => (await (duck.opened ??= openDuck(buildTarget.buildRoot))).conn,
            });
            timed();
            record(id, { ...done, status: done.status });
            return { ok: true };
          } catch (err) {
            const message = options.signal?.aborted ? 'cancelled' : `${node.kind} ${node.name} on ${describeTarget(target)}: ${errorText(err)}`;
            timed();
            record(id, { storeObject: null, rows: null, status: 'failed', error: message });
            return { ok: false, error: message };
          }
        },
        skip: (id, failed) => record(id, { storeObject: null, rows: null, status: 'skipped', error: `skipped: ${failed} failed` }),
      }, options.signal);

      const nodes = order.map((id) => entries.get(id)).filter((e): e is WarehouseEntry => e !== undefined);
      if (options.signal?.aborted) {
        emit({ type: 'phase', env, phase: 'done', message: 'cancelled: the previous environment is unchanged' });
        return { target, schemas, compiled, renderer, schemaOf, summary: { ...summaryBase, status: 'cancelled', nodes: nodes.map((e) => recordOf(e, e.status, took.get(e.nodeId))), ms: Date.now() - started, errors: errors.map(plainError) } };
      }
      const failed = nodes.some((e) => e.status === 'failed' || (e.status === 'skipped' && e.error !== NOT_SELECTED)) || errors.some((e) => e.severity !== 'warning');
      // A node that failed keeps what the environment had for it, so the rest of the environment stays readable.
      const published = nodes.map((e) => (e.status === 'failed' || e.status === 'skipped') && previous.get(e.nodeId)?.storeObject && existing.has(previous.get(e.nodeId)?.storeObject as string)
        ? { ...(previous.get(e.nodeId) as WarehouseEntry), status: 'carried' as const, error: e.error }
        : e);
      emit({ type: 'phase', env, phase: 'publishing', message: `publishing ${Object.values(schemas).join(', ')}` });
      const retired = await warehouse.withClient((client) => publishWarehouseEnvironment(client, {
        env, branch: buildTarget.branch, commit: buildTarget.commit, status: failed ? 'failed' : 'ok', builtAt: new Date().toISOString(), schemas: Object.values(schemas),
      }, published, schemaOf));
      // Published is published: schemas that cannot be dropped now (a reader holds them) are gc's.
      await warehouse.withClient((client) => dropRetiredSchemas(client, retired, RETIRED_DROP_WAIT_MS)).catch((err: unknown) => {
        errors.push({ file: target.file, severity: 'warning', message: `the previous schemas (${retired.join(', ')}) were not dropped: ${errorText(err)}; assay gc --target ${target.name} drops them` });
      });
      emit({ type: 'phase', env, phase: 'done', message: failed ? 'built with failures' : 'built' });
      return { target, schemas, compiled, renderer, schemaOf, summary: { ...summaryBase, status: failed ? 'failed' : 'ok', nodes: nodes.map((e) => recordOf(e, e.status, took.get(e.nodeId))), ms: Date.now() - started, errors: errors.map(plainError) } };
    }));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await (await duck.opened?.catch(() => undefined))?.close();
    await warehouse.close();
  }
}

/** A name PostgreSQL would cut short is an error on its node before anything runs. */
function refuseLongNames(compiled: CompiledProject, schemaOf: (s: string) => string, target: PostgresTarget): void {
  for (const node of compiled.nodes.values()) {
    if (node.error || node.kind === 'source' || node.materialization === 'ephemeral') continue;
    const problem = identifierProblem(node.objectName ?? node.name) ?? identifierProblem(schemaOf(node.objectSchema ?? 'main'));
    if (problem) node.error = { file: node.source.location.file, line: node.source.location.line, node: node.id, severity: 'error', message: `${node.kind} ${node.name} on ${describeTarget(target)}: ${problem}` };
  }
}

function upToDate(compiled: CompiledProject, fingerprints: ReadonlyMap<string, string>, previous: Map<string, WarehouseEntry>, existing: Set<string>): boolean {
  if (previous.size !== compiled.nodes.size) return false;
  for (const [id, node] of compiled.nodes) {
    const entry = previous.get(id);
    if (node.error || !entry || entry.status === 'failed' || entry.status === 'skipped' || entry.status === 'carried' || entry.fingerprint !== fingerprints.get(id)) return false;
    if (entry.storeObject && !existing.has(entry.storeObject)) return false;
  }
  return true;
}

async function openDuck(buildRoot: string): Promise<{ conn: EngineConnection; close: () => Promise<void> }> {
  const engine = await openEngine({ path: ':memory:', fileSearchPath: buildRoot });
  const conn = await engine.connect();
  return { conn, close: async () => { await conn.close(); await engine.close(); } };
}

function recordOf(entry: WarehouseEntry, status = entry.status, ms?: number): NodeBuildRecord {
  return { node: entry.nodeId, kind: entry.kind, materialization: entry.materialization, fingerprint: entry.fingerprint, status, ...(ms !== undefined ? { ms } : {}), ...(entry.rows !== null ? { rows: entry.rows } : {}), ...(entry.error ? { error: entry.error } : {}) };
}

function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The pool's own prefix names the target already; the node's message names it once.
  return message.replace(/^target '[^']*' \([^)]*\): /, '');
}

function plainError(e: ProjectError): BuildSummary['errors'][number] {
  return { file: path.normalize(e.file), ...(e.line !== undefined ? { line: e.line } : {}), message: e.message, ...(e.node ? { node: e.node } : {}), ...(e.severity ? { severity: e.severity } : {}) };
}

/** Every incremental model's and snapshot's plan for this build (see pg-incremental-plan.ts). */
function incrementalPlans(compiled: CompiledProject, state: {
  fingerprints: ReadonlyMap<string, string>; wholeObjects: ReadonlyMap<string, string | null>; previous: Map<string, WarehouseEntry>; base: Map<string, WarehouseEntry>;
  existing: ReadonlySet<string>; fullRefresh: boolean; canAppend: (id: string) => boolean;
}): Map<string, IncrementalPlan> {
  const plans = new Map<string, IncrementalPlan>();
  for (const node of compiled.nodes.values()) {
    const wholeObject = state.wholeObjects.get(node.id);
    if (node.error || !wholeObject) continue;
    const fingerprint = state.fingerprints.get(node.id) as string;
    if (node.materialization === 'snapshot') {
      plans.set(node.id, snapshotPlan({ name: node.name, fingerprint, wholeObject, previous: state.previous.get(node.id), base: state.base.get(node.id), existing: state.existing }));
    }
    if (node.materialization !== 'incremental') continue;
    plans.set(node.id, incrementalPlan({
      name: node.name, fingerprint: state.fingerprints.get(node.id) as string, wholeObject, previous: state.previous.get(node.id),
      existing: state.existing, fullRefresh: state.fullRefresh, canAppend: state.canAppend(node.id),
    }));
  }
  return plans;
}
