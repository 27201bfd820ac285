import { readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LockedPackage } from './package-lock.js';

/** A file `assay deps` leaves in the install folder: what it installed there, and from which commits. */
export const manifestFileName = '.assay-deps.json';

export interface InstalledEntry {
  locked: LockedPackage;
  commit?: string;
  /** `version:` of the package's dbt_project.yml. */
  version?: string;
}

export async function writeManifest(installDir: string, entries: InstalledEntry[]): Promise<void> {
  await writeFile(path.join(installDir, manifestFileName), `${JSON.stringify({ format: 1, packages: entries }, null, 2)}\n`);
}

export async function readManifest(installDir: string): Promise<InstalledEntry[] | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(installDir, manifestFileName), 'utf8')) as { format?: number; packages?: InstalledEntry[] };
    return parsed.format === 1 && Array.isArray(parsed.packages) ? parsed.packages : null;
  } catch {
    return null;
  }
}

/**
 * Whether the install folder holds exactly what the lock pins: the same packages from the same
 * sources at the same commits (or versions, for a hub entry dbt locked without a commit), each
 * folder present. Returns what is installed when it matches, else null.
 */
export async function installedMatchingLock(installDir: string, lock: LockedPackage[], root: string): Promise<InstalledEntry[] | null> {
  const installed = await readManifest(installDir);
  if (!installed || installed.length !== lock.length) return null;
  const matched: InstalledEntry[] = [];
  for (const wanted of lock) {
    const entry = installed.find((e) => samePin(e, wanted));
    if (!entry || !(await folderPresent(installDir, entry.locked, root))) return null;
    matched.push(entry);
  }
  return matched;
}

function samePin(entry: InstalledEntry, wanted: LockedPackage): boolean {
  const have = entry.locked;
  if (have.kind !== wanted.kind || (wanted.name && have.name !== wanted.name)) return false;
  if (have.kind === 'hub' && wanted.kind === 'hub') return have.package === wanted.package && have.version === wanted.version && (!wanted.commit || wanted.commit === entry.commit);
  if (have.kind === 'git' && wanted.kind === 'git') return have.git === wanted.git && (have.subdirectory ?? '') === (wanted.subdirectory ?? '') && (wanted.revision === entry.commit || wanted.revision === have.revision);
  return have.kind === 'local' && wanted.kind === 'local' && have.local === wanted.local;
}

async function folderPresent(installDir: string, locked: LockedPackage, root: string): Promise<boolean> {
  const folder = path.join(installDir, locked.name);
  if (locked.kind === 'local') {
    const target = await readlink(folder).catch(() => null);
    return target !== null && path.resolve(installDir, target) === path.resolve(root, locked.local);
  }
  return (await stat(path.join(folder, 'dbt_project.yml')).catch(() => null))?.isFile() ?? false;
}
