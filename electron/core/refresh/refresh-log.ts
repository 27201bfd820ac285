import { readFile } from 'node:fs/promises';
import type { RefreshPublication, RefreshRecord } from '../../../shared/refresh-types.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { refreshFiles, type RefreshFiles } from './refresh-files.js';
import { refreshLogBlock } from './refresh-log-text.js';

/** How many refreshes the log keeps (a refresh every five minutes: about eight hours). */
export const REFRESHES_KEPT = 100;

/**
 * The project's refresh log under `.assay/refresh/`: `refreshes.jsonl` (one JSON line per
 * refresh, for scripts and the app) and `refresh.log` (the same, for a person), each trimmed to
 * the newest `keep` refreshes. Only a refresh holding the refresh lock writes, so two never do at once.
 */
export class RefreshLog {
  private readonly files: RefreshFiles;

  constructor(projectRoot: string, private readonly keep = REFRESHES_KEPT) {
    this.files = refreshFiles(projectRoot);
  }

  async append(record: RefreshRecord): Promise<void> {
    // A line that does not parse is kept as it is (it is reported when read), and counts towards `keep`.
    const lines = [...(await this.lines()), JSON.stringify(record)].slice(-this.keep);
    await writeFileAtomically(this.files.records, `${lines.join('\n')}\n`);
    const blocks = [...(await this.textBlocks()), refreshLogBlock(record)].slice(-this.keep);
    await writeFileAtomically(this.files.text, blocks.join(''));
  }

  /** The kept refreshes, newest first, and a problem naming each line that is not one. */
  async read(): Promise<{ refreshes: RefreshRecord[]; problems: string[] }> {
    const refreshes: RefreshRecord[] = [];
    const problems: string[] = [];
    for (const [index, line] of (await this.lines()).entries()) {
      const record = parseRecord(line);
      if (typeof record === 'string') problems.push(`${this.files.records}:${index + 1}: ${record}`);
      else refreshes.push(record);
    }
    return { refreshes: refreshes.reverse(), problems };
  }

  /** The newest publication a refresh made or found standing, if any. */
  async lastPublication(): Promise<RefreshPublication | null> {
    const { refreshes } = await this.read();
    return refreshes.find((r) => r.published !== null)?.published ?? null;
  }

  private async lines(): Promise<string[]> {
    const text = await readFile(this.files.records, 'utf8').catch(missingAsEmpty);
    return text.split('\n').filter((line) => line.trim() !== '');
  }

  /** Each refresh's block: its first line starts in column 0, the rest are indented. */
  private async textBlocks(): Promise<string[]> {
    const text = await readFile(this.files.text, 'utf8').catch(missingAsEmpty);
    return text.split(/\n(?=\S)/).filter((block) => block.trim() !== '').map((block) => (block.endsWith('\n') ? block : `${block}\n`));
  }
}

/** The record on a line, or why it is not one. */
function parseRecord(line: string): RefreshRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  const record = value as Partial<RefreshRecord> | null;
  if (!record || typeof record.id !== 'string' || typeof record.verdict !== 'string' || !Array.isArray(record.steps)) {
    return 'not a refresh record (it has no id, verdict and steps)';
  }
  return record as RefreshRecord;
}

function missingAsEmpty(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return '';
  throw err;
}
