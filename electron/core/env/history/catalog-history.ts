import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_ID_PATTERN, type KeptCatalogRecord } from '../../../../shared/env-history-types.js';
import { writeFileAtomically } from '../../files/write-file-atomically.js';
import { currentContentKey } from './catalog-content.js';

export class UnknownCatalogError extends Error {}

/**
 * The kept catalogs of one environment (issue 17): `.assay/env-history/<env>/<id>.duckdb`, a
 * catalog exactly as it was published, and `<id>.json`, what it was (KeptCatalogRecord). A catalog
 * file is never written once published (a build writes a copy and renames it into place), so
 * keeping one is a hard link, and restoring one copies it back. Callers hold the environment's lock
 * to keep, restore or prune; listing needs none (a record half gone is left out).
 */
export class CatalogHistory {
  readonly dir: string;

  constructor(historyRoot: string, readonly env: string) {
    this.dir = path.join(historyRoot, env);
  }

  catalogFile(id: string): string {
    return path.join(this.dir, `${id}.duckdb`);
  }

  /** Every kept catalog, newest first. */
  async records(): Promise<KeptCatalogRecord[]> {
    const ids = (await readdir(this.dir).catch(() => [] as string[]))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => CATALOG_ID_PATTERN.test(id))
      .sort()
      .reverse();
    const records = await Promise.all(ids.map((id) => this.readRecord(id)));
    return records.filter((record): record is KeptCatalogRecord => record !== null);
  }

  /** The record of `id`, or an error that names the ids there are. */
  async record(id: string): Promise<KeptCatalogRecord> {
    const record = CATALOG_ID_PATTERN.test(id) ? await this.readRecord(id) : null;
    if (record) return record;
    const kept = await this.records();
    const known = kept.length === 0 ? `it keeps none yet (a build of '${this.env}' keeps one)` : `it keeps ${kept.map((r) => `${r.id} (${r.commit?.slice(0, 8) ?? 'no commit'}, ${r.keptAt})`).join(', ')}`;
    throw new UnknownCatalogError(`there is no catalog '${id}' in the history of environment '${this.env}': ${known}`);
  }

  /** Keeps a published catalog file under a new id; the file is linked, not copied, where the file system allows. */
  async keep(catalogFile: string, record: Omit<KeptCatalogRecord, 'id' | 'keptAt'>, keptAt = new Date()): Promise<KeptCatalogRecord> {
    await mkdir(this.dir, { recursive: true });
    const id = `${keptAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    const kept = this.catalogFile(id);
    await link(catalogFile, kept).catch(() => copyFile(catalogFile, kept));
    const full: KeptCatalogRecord = { id, keptAt: keptAt.toISOString(), ...record };
    // The catalog first: a record is only listed once the catalog it names is there.
    await writeFileAtomically(path.join(this.dir, `${id}.json`), JSON.stringify(full, null, 2));
    return full;
  }

  /** The kept catalog the environment shows now (the newest that shows the same), if any. */
  async currentId(envFile: string): Promise<string | null> {
    const key = await currentContentKey(envFile);
    return (await this.records()).find((r) => r.contentKey === key)?.id ?? null;
  }

  /** Drops the oldest catalogs past `limit`, never the current one (in a dry run: says which it would). */
  async prune(limit: number, currentId: string | null, dryRun = false): Promise<{ kept: KeptCatalogRecord[]; dropped: string[] }> {
    const records = await this.records();
    const dropped = new Set(records.filter((r) => r.id !== currentId).slice(limit).map((r) => r.id));
    if (!dryRun) for (const id of dropped) await this.drop(id);
    return { kept: records.filter((r) => !dropped.has(r.id)), dropped: [...dropped] };
  }

  async drop(id: string): Promise<void> {
    await rm(path.join(this.dir, `${id}.json`), { force: true });
    await rm(this.catalogFile(id), { force: true });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private async readRecord(id: string): Promise<KeptCatalogRecord | null> {
    try {
      const record = JSON.parse(await readFile(path.join(this.dir, `${id}.json`), 'utf8')) as KeptCatalogRecord;
      return record.id === id ? record : null;
    } catch {
      return null;
    }
  }
}

/** The environments that have a history: `.assay/env-history/<env>/`. */
export async function environmentsWithHistory(historyRoot: string): Promise<string[]> {
  const entries = await readdir(historyRoot, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}
