import { entryRelation } from '../env/catalog-relation.js';
import type { BuildEvent } from '../../../shared/build-types.js';
import type { DiffReport, DiffSide, ModelDiff } from '../../../shared/diff-types.js';
import { builtEnvironment } from '../build/ref-environment.js';
import { checkoutTarget, type BuildTarget } from '../build/build-target.js';
import { prepareProject } from '../build/prepare-project.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog, type CatalogEntry } from '../env/catalog.js';
import { attachEnvironments, sessionOfBoth } from './attached-envs.js';
import { primaryKeyOf } from './primary-key.js';
import { diffRelations } from './relation-diff.js';
import { changedTestStatuses } from './tests-changed.js';

export interface DiffOptions {
  projectRoot: string;
  /** A branch or commit. */
  base: string;
  /** A branch or commit; the checked-out branch (with its uncommitted edits) by default. */
  compare?: string;
  models?: string[];
  primaryKey?: string[];
  tolerance?: number;
  /** Every model, not only the changed ones and their descendants. */
  all?: boolean;
  sampleSize?: number;
  onEvent?: (event: BuildEvent) => void;
}

/**
 * What the compare side changes against the base: by default the models whose fingerprint
 * differs (directly, or through something upstream), each diffed inside DuckDB. Environments
 * missing or stale are built first.
 */
export async function diffEnvironments(options: DiffOptions): Promise<DiffReport> {
  const [baseTarget, compareTarget] = [await builtTarget(options, options.base), await builtTarget(options, options.compare)];
  const paths = assayPaths(options.projectRoot);
  const [baseCatalog, compareCatalog] = [await readCatalog(paths.envFile(baseTarget.env)), await readCatalog(paths.envFile(compareTarget.env))];
  if (baseCatalog.state !== 'ok' || compareCatalog.state !== 'ok') throw new Error('an environment to compare could not be read after building it');
  await checkoutTarget(compareTarget);
  const compiled = await prepareProject(options.projectRoot, compareTarget.buildRoot).then((p) => p.compiled, () => null);

  const models = chooseModels(baseCatalog.entries, compareCatalog.entries, options);
  const testsChanged = await changedTestStatuses(paths.historyDir, baseTarget.env, compareTarget.env);
  const attached = await attachEnvironments(paths.envFile(baseTarget.env), paths.envFile(compareTarget.env), sessionOfBoth(baseCatalog.info, compareCatalog.info));
  const diffs: ModelDiff[] = [];
  try {
    for (const { name, base, compare } of models) {
      diffs.push(await diffModel(name, base, compare, { ...attached, compiled, options, testsChanged }));
    }
  } finally {
    await attached.close();
  }
  return {
    base: side(options.base, baseTarget),
    compare: side(options.compare ?? compareTarget.branch ?? 'HEAD', compareTarget),
    tolerance: options.tolerance ?? 0,
    generated_at: new Date().toISOString(),
    models: diffs,
  };
}

async function builtTarget(options: DiffOptions, ref: string | undefined): Promise<BuildTarget> {
  return builtEnvironment(options.projectRoot, ref, options.onEvent);
}

function side(ref: string, target: BuildTarget): DiffSide {
  return { ref, commit: target.commit, env: target.env };
}

interface ModelPair {
  name: string;
  base?: CatalogEntry;
  compare?: CatalogEntry;
}

function chooseModels(base: Map<string, CatalogEntry>, compare: Map<string, CatalogEntry>, options: DiffOptions): ModelPair[] {
  const isTable = (e?: CatalogEntry) => e?.kind === 'model' && e.materialization !== 'ephemeral' && ['built', 'reused', 'carried'].includes(e.status);
  const names = [...new Set([...base.keys(), ...compare.keys()])].filter((n) => isTable(base.get(n)) || isTable(compare.get(n))).sort();
  return names
    .map((name) => ({ name, base: isTable(base.get(name)) ? base.get(name) : undefined, compare: isTable(compare.get(name)) ? compare.get(name) : undefined }))
    .filter((pair) => {
      if (options.models?.length) return options.models.includes(pair.name);
      return options.all || pair.base?.fingerprint !== pair.compare?.fingerprint;
    });
}

interface DiffContext {
  conn: Awaited<ReturnType<typeof attachEnvironments>>['conn'];
  baseDb: string;
  compareDb: string;
  compiled: CompiledProject | null;
  options: DiffOptions;
  testsChanged: Map<string, { id: string; base: string | null; compare: string | null }[]>;
}

async function diffModel(name: string, base: CatalogEntry | undefined, compare: CatalogEntry | undefined, ctx: DiffContext): Promise<ModelDiff> {
  const status: ModelDiff['status'] = !base ? 'added' : !compare ? 'removed' : base.fingerprint !== compare.fingerprint ? 'modified' : 'unchanged';
  const change: ModelDiff['change'] = status === 'unchanged' ? null : status !== 'modified' || base?.definition !== compare?.definition ? 'direct' : 'indirect';
  const empty: ModelDiff = {
    name, status, change, primary_key: null, key_note: null,
    schema: { added: [], removed: [], retyped: [] },
    rows: { base: base?.rows ?? null, compare: compare?.rows ?? null, added: null, removed: null, changed: null, unchanged: null },
    columns: {}, profile: {}, samples: { changed: [], added: [], removed: [] },
    tests_changed: ctx.testsChanged.get(name) ?? [], error: null,
  };
  if (!base || !compare) return empty;
  try {
    const relation = (db: string, entry: CatalogEntry) => entryRelation(entry, db);
    const diff = await diffRelations(ctx.conn, relation(ctx.baseDb, base), relation(ctx.compareDb, compare), {
      key: primaryKeyOf(ctx.compiled, name, ctx.options.primaryKey),
      tolerance: ctx.options.tolerance ?? 0,
      sampleSize: ctx.options.sampleSize ?? 10,
    });
    return { ...empty, ...diff };
  } catch (err) {
    return { ...empty, error: err instanceof Error ? err.message : String(err) };
  }
}
