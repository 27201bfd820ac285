import { copyFile, link, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeTar } from '../../files/write-tar.js';
import { assayPaths } from '../assay-paths.js';
import { readCatalog } from '../catalog.js';
import { checkStoreFile, hashFile } from '../store-records.js';
import { describeStoreProblems, StoreFilesMissingError, storeFilesRead } from './catalog-store-files.js';
import { environmentHistory } from './environment-history.js';
import { environmentOf } from './environment-name.js';
import { CATALOG_NAME, MANIFEST_NAME, type ExportManifest } from './export-manifest.js';

/** The environment cannot be exported as it is (no catalog, or one that does not read); nothing was written. */
export class ExportFailedError extends Error {}

export interface ExportedEnvironment {
  file: string;
  bytes: number;
  storeFiles: number;
  manifest: ExportManifest;
}

/**
 * `assay env export NAME FILE`: one self-contained file another machine can import: an
 * uncompressed tar (Parquet is compressed already) of a manifest (`assay-export.json`, first),
 * the environment's current catalog, and every store file it reads, each listed in the manifest
 * with its size and SHA-256. The store files' hashes are those recorded when they were written,
 * after a check that each is still as written; the import hashes every byte again. The archive is
 * written under a temporary name and renamed to FILE when complete.
 */
export async function exportEnvironment(projectRoot: string, name: string, file: string): Promise<ExportedEnvironment> {
  const env = environmentOf(name, 'branch');
  const paths = assayPaths(projectRoot);
  const out = path.resolve(file);
  await mkdir(paths.dir, { recursive: true });
  const staging = await mkdtemp(path.join(paths.dir, 'export-'));
  try {
    // A copy of the catalog: a build may publish a new one meanwhile; the store files are immutable.
    const catalogCopy = path.join(staging, CATALOG_NAME);
    await copyFile(paths.envFile(env), catalogCopy).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new ExportFailedError(`cannot export '${name}': it has no environment (${paths.envFile(env)}); build it first`) : err;
    });
    const catalog = await readCatalog(catalogCopy);
    if (catalog.state !== 'ok') throw new ExportFailedError(`cannot export '${name}': its catalog cannot be read (${catalog.state === 'corrupt' ? catalog.reason : 'missing'})`);
    const { files, nodesOf } = await storeFilesRead(catalogCopy, paths.storeDir);
    await mkdir(path.join(staging, 'store'));
    const storeFiles: ExportManifest['storeFiles'] = [];
    const problems = [];
    for (const storeName of files) {
      const storeFile = path.join(paths.storeDir, storeName);
      const check = await checkStoreFile(storeFile);
      const record = check.intact ? check.record : null;
      if (!record) {
        problems.push({ file: storeName, nodes: nodesOf.get(storeName) ?? [], reason: check.intact ? '' : check.reason });
        continue;
      }
      // Linked into the staging folder, not copied: the archive reads each file once.
      await link(storeFile, path.join(staging, 'store', storeName)).catch(() => copyFile(storeFile, path.join(staging, 'store', storeName)));
      storeFiles.push({ name: storeName, size: record.size, sha256: record.sha256 });
    }
    if (problems.length > 0) throw new StoreFilesMissingError(`cannot export '${name}': ${describeStoreProblems(problems)}; build '${name}' again first. Nothing was written`, problems);
    const current = (await environmentHistory(projectRoot, name)).catalogs.find((c) => c.current);
    const manifest: ExportManifest = {
      format: 'assay-environment-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      env,
      branch: catalog.info.branch,
      commit: catalog.info.commit,
      builtAt: catalog.info.builtAt,
      envFingerprint: catalog.info.envFingerprint,
      projectRoot: paths.root,
      catalog: { name: CATALOG_NAME, size: (await stat(catalogCopy)).size, sha256: await hashFile(catalogCopy) },
      storeFiles,
      build: current?.build ?? { status: catalog.info.status, counts: { built: 0, reused: catalog.entries.size, failed: 0, skipped: 0 }, ms: 0 },
      tests: current?.tests ?? null,
    };
    await writeFile(path.join(staging, MANIFEST_NAME), JSON.stringify(manifest, null, 2));
    const temp = `${out}.tmp-${process.pid}`;
    try {
      const members = [MANIFEST_NAME, CATALOG_NAME, ...storeFiles.map((f) => `store/${f.name}`)];
      await writeTar(temp, members.map((name) => ({ name, file: path.join(staging, name) })));
      await rename(temp, out);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return { file: out, bytes: (await stat(out)).size, storeFiles: storeFiles.length, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
