import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/**
 * DuckDB's CSV sniffer says a file cannot be read but not where; a strict CSV parser finds the
 * first line at fault, so the error can name it. Seeds are small, so reading one twice is cheap.
 */
export async function diagnoseSeed(absPath: string, delimiter = ','): Promise<string | null> {
  try {
    parse(await readFile(absPath, 'utf8'), { columns: true, delimiter, skip_empty_lines: true });
    return null;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return `line ${e.lines ?? '?'}: ${(e.message ?? String(err)).replace(/ (on|at) line \d+/, '')}`;
  }
}
