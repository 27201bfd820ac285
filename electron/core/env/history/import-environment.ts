import { access, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { extract } from 'tar';
import type { KeptCatalog } from '../../../../shared/env-history-types.js';
import { assayPaths, type AssayPaths } from '../assay-paths.js';
import { readCatalog } from '../catalog.js';
import { lockEnvironment } from '../env-lock.js';
import { checkStoreFile, hashFile, recordStoreFile, setAsideStoreFile } from '../store-records.js';
import { CatalogHistory } from './catalog-history.js';
import { listed } from './environment-history.js';
import { environmentOf } from './environment-name.js';
import { CATALOG_NAME, MANIFEST_NAME, manifestSchema, STORE_MEMBER, type ExportManifest } from './export-manifest.js';
import { readHistoryLimit } from './history-limit.js';
import { recordOfCatalog } from './keep-catalog.js';
import { writeCatalogCopy } from './rewrite-catalog.js';

/** The file is not a complete, unaltered Assay export; nothing was imported or replaced. */
export class ImportRefusedError extends Error {}

/**
 * `assay env import FILE [NAME]`: reads an export (export-environment.ts) into this project as
 * environment NAME (by default the branch it was exported from). Everything is unpacked into a
 * folder of its own under `.assay/` and checked first: every member the manifest lists is there,
 * no other is, and each hashes to its SHA-256 in the manifest. A truncated or altered file is
 * refused by name and nothing in the project changes. Then, under NAME's lock, the store files
 * join the store (one already there and intact is kept), the catalog is rewritten to name this
 * project's folder, and it replaces NAME's current catalog by rename (that one stays in NAME's
 * history) and starts NAME's history entry for the import.
 */
export async function importEnvironment(projectRoot: string, file: string, name?: string): Promise<KeptCatalog> {
  const archive = path.resolve(file);
  const paths = assayPaths(projectRoot);
  await mkdir(paths.dir, { recursive: true });
  const staging = await mkdtemp(path.join(paths.dir, 'import-'));
  try {
    const manifest = await unpackVerified(archive, staging);
    const target = name ?? manifest.branch ?? manifest.env;
    const env = environmentOf(target, 'environment');
    const release = await lockEnvironment(paths.lockFile(env), env);
    try {
      await placeStoreFiles(paths, staging, manifest);
      const temp = `${paths.envFile(env)}.build-${process.pid}-${Date.now()}`;
      const branch = name === undefined || name === manifest.branch ? manifest.branch : target;
      await writeCatalogCopy(path.join(staging, CATALOG_NAME), temp, { env, branch, moveRoot: { from: manifest.projectRoot, to: paths.root } });
      await rm(`${paths.envFile(env)}.wal`, { force: true });
      await rename(temp, paths.envFile(env));
      const catalog = await readCatalog(paths.envFile(env));
      if (catalog.state !== 'ok') throw new Error(`the imported catalog ${paths.envFile(env)} cannot be read: ${catalog.state === 'corrupt' ? catalog.reason : 'it is missing'}`);
      const history = new CatalogHistory(paths.envHistoryDir, env);
      const origin = { kind: 'import' as const, file: archive, from: manifest.branch ?? manifest.env };
      const record = await history.keep(paths.envFile(env), { ...recordOfCatalog(catalog.info, catalog.entries.values(), origin, manifest.build), tests: manifest.tests });
      await history.prune(await readHistoryLimit(projectRoot), record.id);
      return listed(record, true, []);
    } finally {
      await release();
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Unpacks the archive into `staging` and checks it whole against its manifest; refuses with the reason. */
async function unpackVerified(archive: string, staging: string): Promise<ExportManifest> {
  const refuse = (why: string): never => {
    throw new ImportRefusedError(`cannot import ${archive}: ${why}. Nothing was imported or replaced`);
  };
  if (!(await access(archive).then(() => true, () => false))) refuse('there is no such file');
  const unexpected: string[] = [];
  await extract({
    file: archive,
    cwd: staging,
    strict: true,
    filter: (member, entry) => {
      const wanted = (member === MANIFEST_NAME || member === CATALOG_NAME || STORE_MEMBER.test(member)) && (!('type' in entry) || entry.type === 'File' || entry.type === 'OldFile');
      if (!wanted) unexpected.push(member);
      return wanted;
    },
  }).catch((err: Error) => refuse(`it is not a complete archive (${err.message}): truncated or not an export`));
  if (unexpected.length > 0) refuse(`it holds members an export never has: ${unexpected.slice(0, 5).join(', ')}`);
  const text = await readFile(path.join(staging, MANIFEST_NAME), 'utf8').catch(() => refuse(`it holds no ${MANIFEST_NAME}: it is not an Assay environment export`));
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(text));
  } catch (err) {
    return refuse(`its ${MANIFEST_NAME} is not JSON (${(err as Error).message})`);
  }
  if (!parsed.success) return refuse(`its ${MANIFEST_NAME} is not an export manifest (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const manifest = parsed.data;
  const listedFiles = [{ ...manifest.catalog, member: CATALOG_NAME }, ...manifest.storeFiles.map((f) => ({ ...f, member: `store/${f.name}` }))];
  const present = new Set([...(await readdir(path.join(staging, 'store')).catch(() => [] as string[])).map((n) => `store/${n}`)]);
  const extra = [...present].filter((member) => !listedFiles.some((f) => f.member === member));
  if (extra.length > 0) refuse(`it holds store files its manifest does not list: ${extra.join(', ')}`);
  for (const expected of listedFiles) {
    const member = path.join(staging, expected.member);
    const size = (await stat(member).catch(() => null))?.size;
    if (size === undefined) refuse(`${expected.member} is missing from it (truncated?)`);
    if (size !== expected.size) refuse(`${expected.member} is ${size} bytes, ${expected.size} in its manifest (truncated or altered)`);
    const sha256 = await hashFile(member);
    if (sha256 !== expected.sha256) refuse(`${expected.member} does not hash as its manifest says (${sha256.slice(0, 12)}, not ${expected.sha256.slice(0, 12)}): it was altered after export`);
  }
  return manifest;
}

/**
 * Moves the verified store files into the store. A file of the same name already there and still as
 * written holds the same result (names are fingerprints) and is kept; one that is not is set aside.
 */
async function placeStoreFiles(paths: AssayPaths, staging: string, manifest: ExportManifest): Promise<void> {
  await mkdir(paths.storeDir, { recursive: true });
  for (const { name, sha256 } of manifest.storeFiles) {
    const storeFile = path.join(paths.storeDir, name);
    const here = await access(storeFile).then(() => true, () => false);
    if (here && (await checkStoreFile(storeFile)).intact) continue;
    if (here) await setAsideStoreFile(storeFile);
    await rename(path.join(staging, 'store', name), storeFile);
    await recordStoreFile(storeFile, sha256);
  }
}
