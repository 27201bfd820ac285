import { checkBranchName } from '../../../shared/git-ref-name.js';
import type { GitErrorCode, GitFailure } from '../../../shared/git-types.js';
import { gitMessage, type GitOutput } from './repo.js';

export function fail(code: GitErrorCode, error: string, files?: string[]): GitFailure {
  return files ? { ok: false, code, error, files } : { ok: false, code, error };
}

/** An unexpected git failure: what was being done, then git's own words. */
export function gitFailed(doing: string, output: GitOutput): GitFailure {
  return fail('git-failed', `${doing} failed: ${gitMessage(output)}`);
}

export function invalidBranch(name: string): GitFailure | null {
  const reason = checkBranchName(name);
  return reason === null ? null : fail('invalid-branch-name', reason);
}

/** `a.sql, b.sql and 3 more`, for messages. */
export function fileList(files: string[], max = 5): string {
  const shown = files.slice(0, max).join(', ');
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}
