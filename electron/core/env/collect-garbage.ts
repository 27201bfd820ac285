import { access, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readStoreRecord } from './store-records.js';
import { assayPaths, type AssayPaths } from './assay-paths.js';
import { EnvironmentLockedError, lockEnvironment } from './env-lock.js';
import { isProcessAlive } from './process-alive.js';
import { listEnvironmentFiles, storeReferences, type EnvironmentFiles } from './environment-files.js';
import { environmentsOfDeletedBranches, removeEnvironment, type DeletedBranchEnvironment } from './deleted-branch-environments.js';
import { environmentsWithHistory } from './history/catalog-history.js';
import { readHistoryLimit } from './history/history-limit.js';
import { pruneHistories } from './history/prune-histories.js';
import { readAsOfKeepDays, unusedAsOfEnvironments, type DroppedAsOfEnvironment } from './as-of-retention.js';
import { removeEnvironmentFiles } from './remove-environment.js';
import { forgetUsesOfMissingEnvironments } from './as-of-use.js';

/** Store files younger than this are kept: a build may have written them and not yet published its catalog. */
export const DEFAULT_GRACE_MS = 10 * 60_000;

export interface CollectGarbageOptions {
  projectRoot: string;
  /** Report what would be removed, and remove nothing. */
  dryRun?: boolean;
  graceMs?: number;
  /** `assay gc --as-of`: drop every as-of environment, however recently used. */
  allAsOf?: boolean;
}

export interface RemovedFile {
  file: string;
  bytes: number;
}

export interface GarbageCollection {
  /** The store files removed (in a dry run: that would be removed). */
  removed: RemovedFile[];
  /** The store files left in place: read by an environment, or younger than the grace period. */
  kept: number;
  bytesFreed: number;
  envsRead: string[];
  /** Environments of branches git no longer has, removed with their worktrees (in a dry run: that would be). */
  removedEnvs: DeletedBranchEnvironment[];
  /** As-of environments unused for longer than `assay: as_of_keep_days` (all of them with `allAsOf`), dropped (in a dry run: that would be). */
  droppedAsOfEnvs: DroppedAsOfEnvironment[];
  /** Kept catalogs beyond the history limit, dropped (in a dry run: that would be); the ones that stay keep what they read. */
  droppedCatalogs: { env: string; id: string }[];
  keptCatalogsRead: number;
  /** Environment files that were not read as references, and why that is safe. */
  skippedEnvs: { env: string; reason: string }[];
}

/** Garbage collection would not be safe now; nothing was removed. */
export class GarbageCollectionRefusedError extends Error {}

/**
 * Removes the environments of branches git no longer has (with their worktrees) and the as-of
 * environments nobody built or read for `assay: as_of_keep_days`, then the store files no
 * environment reads any more. A file is kept when any remaining catalog in `.assay/envs/`
 * (a branch's, the base's, a commit's) reads it, or when it is younger than the grace period. Every environment's lock is held throughout, so no build of a known environment runs
 * meanwhile; any doubt (a build in flight, an unreadable catalog) refuses rather than guesses.
 */
export async function collectGarbage(options: CollectGarbageOptions): Promise<GarbageCollection> {
  const paths = assayPaths(options.projectRoot);
  const refuse = (err: Error) => {
    throw new GarbageCollectionRefusedError(`not collecting garbage: ${err.message}`);
  };
  const limit = await readHistoryLimit(options.projectRoot).catch(refuse);
  const keepDays = await readAsOfKeepDays(options.projectRoot).catch(refuse);
  const envs = environmentsIn(await listEnvironmentFiles(paths.envsDir), await environmentsWithHistory(paths.envHistoryDir));
  const release = await lockAll(paths, envs);
  try {
    const files = await listEnvironmentFiles(paths.envsDir);
    const activity = buildActivity(files, envs);
    if (activity) throw new GarbageCollectionRefusedError(`not collecting garbage: ${activity}; run gc again when it is done`);
    const { repo, deleted } = await environmentsOfDeletedBranches(options.projectRoot, paths, files.catalogs);
    const unused = await unusedAsOfEnvironments(paths, files.catalogs.filter((env) => !deleted.some((d) => d.env === env)), options.allAsOf ? 'none' : { days: keepDays });
    const gone = new Set([...deleted, ...unused].map((d) => d.env));
    const history = await pruneHistories(paths, limit, gone, options.dryRun ?? false);
    const catalogs = files.catalogs.filter((env) => !gone.has(env)).map((env) => ({ env, file: paths.envFile(env) }));
    const { referenced, envsRead } = await readReferences([...catalogs, ...history.kept]);
    const removedEnvs: DeletedBranchEnvironment[] = [];
    // One after another: git takes a lock on the repository's worktree list for each removal.
    for (const environment of deleted) removedEnvs.push(options.dryRun || !repo ? environment : await removeEnvironment(repo, paths, environment));
    if (!options.dryRun) {
      for (const { env } of unused) await removeEnvironmentFiles(paths, env);
      await forgetUsesOfMissingEnvironments(paths, new Set(files.catalogs.filter((env) => !gone.has(env))));
    }
    if (!options.dryRun) await restoreInterruptedCollection(paths.storeDir);
    const { garbage, kept } = await findGarbage(paths.storeDir, referenced, options.graceMs ?? DEFAULT_GRACE_MS);
    if (!options.dryRun) {
      await removeUnlessBuildsStarted(paths, garbage, envs);
      await removeOrphanedTestOutcomes(paths);
    }
    return {
      removed: garbage,
      kept,
      bytesFreed: garbage.reduce((sum, g) => sum + g.bytes, 0),
      envsRead,
      removedEnvs,
      droppedAsOfEnvs: unused,
      droppedCatalogs: history.dropped,
      keptCatalogsRead: history.kept.length,
      skippedEnvs: skippedEnvironmentFiles(files),
    };
  } finally {
    await release();
  }
}

function environmentsIn(files: EnvironmentFiles, withHistory: string[]): Set<string> {
  return new Set([...files.catalogs, ...files.locks, ...files.unpublished.map((u) => u.env), ...withHistory]);
}

async function lockAll(paths: AssayPaths, envs: Set<string>): Promise<() => Promise<void>> {
  const releases: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of releases.splice(0)) await release();
  };
  try {
    for (const env of envs) releases.push(await lockEnvironment(paths.lockFile(env), env));
    return releaseAll;
  } catch (err) {
    await releaseAll();
    if (err instanceof EnvironmentLockedError) throw new GarbageCollectionRefusedError(`not collecting garbage while a build runs: ${err.message}`);
    throw err;
  }
}

/**
 * A build gc holds no lock for: one of an environment that did not exist when gc took its locks,
 * or one writing a catalog although its lock is gone (removed by hand while the build ran).
 */
function buildActivity(files: EnvironmentFiles, locked: Set<string>): string | null {
  const started = files.locks.find((env) => !locked.has(env));
  if (started) return `a build of environment '${started}' started`;
  const published = files.catalogs.find((env) => !locked.has(env));
  if (published) return `environment '${published}' was published`;
  const writing = files.unpublished.find((u) => isProcessAlive(u.pid));
  if (writing) return `a build (pid ${writing.pid}) is writing ${writing.file}`;
  return null;
}

/** What every catalog reads: the environments' current ones, and the ones their histories keep. */
async function readReferences(catalogs: { env: string; file: string }[]): Promise<{ referenced: Set<string>; envsRead: string[] }> {
  const referenced = new Set<string>();
  const envsRead = new Set<string>();
  const unreadable: string[] = [];
  for (const { env, file } of catalogs) {
    const references = await storeReferences(file);
    if (references.state === 'corrupt') unreadable.push(`${file} (${references.reason})`);
    if (references.state === 'ok') {
      references.storeFiles.forEach((name) => referenced.add(name));
      envsRead.add(env);
    }
  }
  if (unreadable.length > 0) {
    throw new GarbageCollectionRefusedError(
      `not collecting garbage: cannot tell which store files these environments read, because they cannot be read: ${unreadable.join('; ')}. ` +
        'Build each of them again (a build moves an unreadable environment aside and rebuilds it) or delete it, then run gc again',
    );
  }
  return { referenced, envsRead: [...envsRead] };
}

const STORE_FILE = /\.parquet$/;
/** What a store write leaves under a temporary name when its build dies (see materialize.ts). */
const UNFINISHED_WRITE = /\.parquet\.\d+\.[a-z0-9]*\.tmp$/;

async function findGarbage(storeDir: string, referenced: Set<string>, graceMs: number): Promise<{ garbage: RemovedFile[]; kept: number }> {
  const garbage: RemovedFile[] = [];
  let kept = 0;
  const now = Date.now();
  for (const name of (await readdir(storeDir).catch(() => [] as string[])).sort()) {
    if (!STORE_FILE.test(name) && !UNFINISHED_WRITE.test(name)) continue;
    const file = path.join(storeDir, name);
    // A write being finished renames its temporary file between the listing and here.
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    if (referenced.has(name) || now - info.mtimeMs < graceMs) kept++;
    else garbage.push({ file, bytes: info.size });
  }
  return { garbage, kept };
}

/**
 * A build of an environment that did not exist when gc took its locks (a branch built for the first
 * time) may reuse a store file no catalog names yet. So the garbage is first moved out of the
 * way, then gc checks that no such build started: one that did gets its files back and gc stops;
 * one that starts later finds the files gone and writes them again.
 */
async function removeUnlessBuildsStarted(paths: AssayPaths, garbage: RemovedFile[], locked: Set<string>): Promise<void> {
  const movedAside: string[] = [];
  try {
    for (const { file } of garbage) {
      await rename(file, asideName(file));
      movedAside.push(file);
    }
    const activity = buildActivity(await listEnvironmentFiles(paths.envsDir), locked);
    if (activity) throw new GarbageCollectionRefusedError(`not collecting garbage: ${activity} while gc ran, so nothing was removed; run gc again`);
  } catch (err) {
    for (const file of movedAside) await rename(asideName(file), file);
    throw err;
  }
  for (const file of movedAside) await rm(asideName(file), { force: true });
}

function asideName(file: string): string {
  return `${file}.gc-${process.pid}`;
}

/** Files a gc that died had moved aside go back where they were, to be judged again. */
async function restoreInterruptedCollection(storeDir: string): Promise<void> {
  for (const name of await readdir(storeDir).catch(() => [] as string[])) {
    const aside = /^(?<original>.+)\.gc-(?<pid>\d+)$/.exec(name)?.groups;
    if (!aside || isProcessAlive(Number(aside.pid))) continue;
    const original = path.join(storeDir, aside.original as string);
    // A build that found the file gone wrote it again: the one moved aside is a duplicate.
    if (await access(original).then(() => true, () => false)) await rm(path.join(storeDir, name), { force: true });
    else await rename(path.join(storeDir, name), original);
  }
}

/**
 * The records of store files that are gone (`.assay/store-records/<store file>.json`), and the
 * cached test outcomes (`.assay/test-cache/<content sha256>.json`) of content no store file holds.
 */
async function removeOrphanedTestOutcomes(paths: AssayPaths): Promise<void> {
  const recordsDir = paths.storeRecordsDir;
  const contents = new Set<string>();
  for (const name of await readdir(recordsDir).catch(() => [] as string[])) {
    const storeFile = path.join(paths.storeDir, name.replace(/\.json$/, ''));
    const record = name.endsWith('.json') ? await readStoreRecord(storeFile) : null;
    if (record && (await access(storeFile).then(() => true, () => false))) contents.add(record.sha256);
    else await rm(path.join(recordsDir, name), { force: true });
  }
  for (const name of await readdir(paths.testCacheDir).catch(() => [] as string[])) {
    if (name.endsWith('.json') && !contents.has(name.replace(/\.json$/, ''))) await rm(path.join(paths.testCacheDir, name), { force: true });
  }
}

function skippedEnvironmentFiles(files: EnvironmentFiles): { env: string; reason: string }[] {
  const movedAside = files.movedAside.map(({ env, file }) => ({
    env,
    reason: `${file} is an unreadable catalog a build moved aside before rebuilding '${env}': nothing reads it, so it keeps no store file; left in place for inspection`,
  }));
  const abandoned = files.unpublished.map(({ env, file, pid }) => ({
    env,
    reason: `${file} was being written by a build that died (pid ${pid}): it was never published, so it keeps no store file; the next build of '${env}' removes it`,
  }));
  return [...movedAside, ...abandoned];
}
