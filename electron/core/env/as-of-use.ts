import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAtomicWriteTemp, writeFileAtomically } from '../files/write-file-atomically.js';
import type { AssayPaths } from './assay-paths.js';

/**
 * When each as-of environment was last built or read, as an ISO time in `.assay/as-of-use/<env>`:
 * `assay gc` drops those unused for longer than `assay: as_of_keep_days`. Every use of one (a build,
 * a diff, a test run, the review screen) goes through buildBranch, which records it.
 */
export async function recordAsOfUse(paths: AssayPaths, env: string, at = new Date()): Promise<void> {
  await writeFileAtomically(useFile(paths, env), at.toISOString());
}

/** As recorded, else when its catalog was written (an environment built before uses were recorded); null when it has neither. */
export async function lastAsOfUse(paths: AssayPaths, env: string): Promise<Date | null> {
  const recorded = await readFile(useFile(paths, env), 'utf8').then((text) => new Date(text.trim()), () => null);
  if (recorded && !Number.isNaN(recorded.getTime())) return recorded;
  return (await stat(paths.envFile(env)).catch(() => null))?.mtime ?? null;
}

export async function forgetAsOfUse(paths: AssayPaths, env: string): Promise<void> {
  await rm(useFile(paths, env), { force: true });
}

/** The uses recorded for environments that are not there (an as-of build refused before it published anything). */
export async function forgetUsesOfMissingEnvironments(paths: AssayPaths, envs: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(paths.asOfUseDir).catch(() => [] as string[])) {
    if (!isAtomicWriteTemp(name) && !envs.has(name)) await forgetAsOfUse(paths, name);
  }
}

function useFile(paths: AssayPaths, env: string): string {
  return path.join(paths.asOfUseDir, env);
}
