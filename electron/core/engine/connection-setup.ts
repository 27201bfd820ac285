import { sqlString } from '../sql/sql-text.js';
import type { OpenOptions } from './engine.js';

/** What every new connection runs before it is handed out: the file search path, then the project's session. */
export function connectionSetup(options: OpenOptions): string[] {
  const searchPath = options.fileSearchPath === undefined ? [] : [`SET file_search_path = ${sqlString(options.fileSearchPath)}`];
  return [...searchPath, ...(options.setup ?? [])];
}

/** A setup failure names the statement that failed. */
export function setupError(statement: string, message: string, cause: unknown): Error {
  return new Error(`${statement}: ${message}`, { cause });
}
