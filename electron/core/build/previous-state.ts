import { rename } from 'node:fs/promises';
import type { ProjectError } from '../../../shared/project-types.js';
import type { AssayPaths } from '../env/assay-paths.js';
import { readCatalog, type CatalogEntry, type CatalogInfo } from '../env/catalog.js';
import { checkStoreFile } from '../env/store-records.js';
import type { BuildEnvironmentOptions } from './build-environment.js';

/** What an environment was before this build: its own catalog, or for a first build its base's. */
export interface PreviousState {
  entries: Map<string, CatalogEntry>;
  /** The entries are this environment's own (not the base's, borrowed for a first build). */
  own: boolean;
  /** The environment's own catalog as it was read, when there is one. */
  info: CatalogInfo | null;
  /** Nothing to build: same nodes, same fingerprints, all built, and every store file still what was written. */
  upToDate(fingerprints: Map<string, string>, buildRoot: string): Promise<boolean>;
}

export async function previousEntries(paths: AssayPaths, options: BuildEnvironmentOptions, errors: ProjectError[]): Promise<PreviousState> {
  const envFile = paths.envFile(options.env);
  const own = await readCatalog(envFile);
  if (own.state === 'corrupt') {
    const aside = `${envFile}.corrupt-${Date.now()}`;
    await rename(envFile, aside);
    const message = `environment file ${envFile} could not be read (${own.reason}); moved it to ${aside} and rebuilding from scratch`;
    errors.push({ file: envFile, severity: 'warning', message });
    options.onEvent?.({ type: 'phase', env: options.env, phase: 'loading', message });
  }
  if (own.state === 'ok') {
    return {
      entries: own.entries,
      own: true,
      info: own.info,
      upToDate: async (fingerprints, buildRoot) =>
        own.info.status === 'ok' &&
        own.info.root === buildRoot &&
        own.info.commit === options.commit &&
        own.entries.size === fingerprints.size &&
        [...fingerprints].every(([id, fp]) => {
          const entry = own.entries.get(id);
          return entry?.fingerprint === fp && entry.status !== 'skipped' && entry.status !== 'failed';
        }) &&
        // A store file changed since it was written is not up to date: the build rebuilds it and says so.
        (await storeFilesIntact(own.entries)),
    };
  }
  const seed = options.seedFromEnv ? await readCatalog(paths.envFile(options.seedFromEnv)) : null;
  return { entries: seed?.state === 'ok' ? seed.entries : new Map(), own: false, info: null, upToDate: async () => false };
}

async function storeFilesIntact(entries: Map<string, CatalogEntry>): Promise<boolean> {
  const checks = await Promise.all([...entries.values()].map((e) => (e.physical ? checkStoreFile(e.physical) : null)));
  return checks.every((check) => check === null || check.intact);
}

