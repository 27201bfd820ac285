import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where Assay keeps its state inside a project (git-ignored):
 * - `.assay/store/<fingerprint>.parquet`: immutable node results, shared by every environment;
 * - `.assay/envs/<env>.duckdb`: an environment, a small catalog of views over the store;
 * - `.assay/worktrees/<env>`: git worktrees the base branch is built from;
 * - `.assay/runs/<env>/`: the run history of each environment (runs/run-log.ts);
 * - `.assay/env-history/<env>/`: the catalogs each environment published before (env/history/);
 * - `.assay/as-of-use/<env>`: when each as-of environment was last built or read (as-of-use.ts).
 */
export interface AssayPaths {
  root: string;
  dir: string;
  storeDir: string;
  /** What each store file was when written (store-records.ts). */
  storeRecordsDir: string;
  envsDir: string;
  worktreesDir: string;
  fileHashes: string;
  historyDir: string;
  /** The kept catalogs of every environment (env/history/catalog-history.ts, issue 17). */
  envHistoryDir: string;
  asOfUseDir: string;
  runsDir: string;
  reportsDir: string;
  testCacheDir: string;
  envFile(env: string): string;
  lockFile(env: string): string;
  worktree(env: string): string;
}

/** Absolute however the project was named (`assay build` run inside it names it `.`): catalogs name store files by these paths. */
export function assayPaths(projectRoot: string): AssayPaths {
  const root = path.resolve(projectRoot);
  const dir = path.join(root, '.assay');
  const envsDir = path.join(dir, 'envs');
  const worktreesDir = path.join(dir, 'worktrees');
  return {
    root,
    dir,
    storeDir: path.join(dir, 'store'),
    storeRecordsDir: path.join(dir, 'store-records'),
    envsDir,
    worktreesDir,
    fileHashes: path.join(dir, 'file-hashes.json'),
    historyDir: path.join(dir, 'history'),
    envHistoryDir: path.join(dir, 'env-history'),
    asOfUseDir: path.join(dir, 'as-of-use'),
    runsDir: path.join(dir, 'runs'),
    reportsDir: path.join(dir, 'reports'),
    testCacheDir: path.join(dir, 'test-cache'),
    envFile: (env) => path.join(envsDir, `${env}.duckdb`),
    lockFile: (env) => path.join(envsDir, `${env}.lock`),
    worktree: (env) => path.join(worktreesDir, env),
  };
}

/**
 * The environment name of a branch, safe as a file name. Git refuses `~` in branch names, so
 * mapping `/` to `~` can never make two branches collide.
 */
export function envNameForBranch(branch: string): string {
  return branch.replaceAll('/', '~');
}

/**
 * Where `--empty` builds a branch: beside its environment, never in it (its diffs and sign-offs
 * read real data). `^` cannot appear in a branch name, so no branch's environment has this name.
 */
export function emptyEnvName(env: string): string {
  return `${env}^empty`;
}

/**
 * Where `--as-of DATE` builds a branch: beside its environment, named like the ref that asks for
 * it (`main^as-of~2024-08`); `^` cannot appear in a branch name, so no branch collides with it.
 */
export function asOfEnvName(env: string, asOf: string): string {
  return `${env}^as-of~${asOf}`;
}

/** Whether an environment is one `--as-of` built (asOfEnvName): gc drops those left unused (as-of-use.ts). */
export function isAsOfEnvName(env: string): boolean {
  return /\^as-of~[^^~/]+$/.test(env);
}

/**
 * An as-of ref, as `assay diff` and the review screen take them: `as-of~2024-08` (the checked-out
 * branch) or `BRANCH^as-of~2024-08`; null for any other ref.
 */
export function parseAsOfRef(ref: string | undefined): { branch: string | undefined; asOf: string } | null {
  const match = ref === undefined ? null : /^(?:(.+)\^)?as-of~(\d{4}-?\d{2}(?:-?\d{2})?)$/.exec(ref);
  return match ? { branch: match[1], asOf: match[2] as string } : null;
}

/**
 * The longest environment name, in bytes, whose files fit a file name (255 bytes on common file
 * systems): the longest is the build's temporary catalog, `<env>.duckdb.build-<pid>-<ms>.wal`.
 */
export const MAX_ENV_NAME_BYTES = 200;

/** Why an environment name cannot be a file name here, or null when it can. */
export function envNameProblem(env: string): string | null {
  const bytes = Buffer.byteLength(env, 'utf8');
  if (bytes <= MAX_ENV_NAME_BYTES) return null;
  return `it is ${bytes} bytes long, and an environment's file names hold at most ${MAX_ENV_NAME_BYTES}: use a shorter branch name`;
}

/**
 * Creates `.assay/` with a `.gitignore` of its own that ignores everything in it, so that
 * environments never show up as uncommitted changes even in a project whose .gitignore forgot them.
 */
export async function ensureAssayDir(paths: AssayPaths): Promise<void> {
  await mkdir(paths.storeDir, { recursive: true });
  await mkdir(paths.envsDir, { recursive: true });
  await writeFile(path.join(paths.dir, '.gitignore'), '*\n');
}
