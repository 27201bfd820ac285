import type { GitResult } from '../../../shared/git-types.js';
import { missingIdentity } from './identity.js';
import { literalPathspecs, invalidPaths } from './paths.js';
import { commitOf, mergeInProgress } from './refs.js';
import { git, gitMessage, type Repo } from './repo.js';
import { fail, fileList, gitFailed } from './result.js';
import { getStatus } from './status.js';

/**
 * Commits the current content of `files` (paths relative to the repository root; new, changed
 * or deleted), leaving every other change uncommitted. During a merge the whole merge is
 * committed, as git requires, once no file is left in conflict.
 */
export async function commitFiles(repo: Repo, files: string[], message: string): Promise<GitResult<{ commit: string }>> {
  if (message.trim() === '') return fail('nothing-to-commit', 'a commit needs a message');
  if (files.length === 0) return fail('nothing-to-commit', 'choose at least one file to commit');
  const invalid = invalidPaths(files);
  if (invalid) return invalid;
  const noIdentity = await missingIdentity(repo);
  if (noIdentity) return noIdentity;

  const added = await git(repo, [literalPathspecs, 'add', '--all', '--', ...files]);
  if (added.exitCode !== 0) {
    const file = /pathspec '(.*)' did not match/.exec(added.stderr)?.[1];
    return file ? fail('invalid-path', `cannot commit ${file}: there is no such file, and git does not know it`, [file]) : gitFailed(`staging ${fileList(files)}`, added);
  }
  const merging = await mergeInProgress(repo);
  if (merging) {
    const status = await getStatus(repo);
    if (!status.ok) return status;
    if (status.conflicted.length > 0) return fail('merge-in-progress', `cannot commit the merge: ${fileList(status.conflicted)} still in conflict`, status.conflicted);
  } else {
    const staged = await git(repo, [literalPathspecs, 'diff', '--cached', '--quiet', '--', ...files]);
    if (staged.exitCode === 0) return fail('nothing-to-commit', `nothing to commit: ${fileList(files)} ${files.length > 1 ? 'have' : 'has'} no changes`, files);
  }
  // --only (what naming paths means) commits just these files even if others are staged.
  const args = merging ? ['commit', '-m', message] : [literalPathspecs, 'commit', '--only', '-m', message, '--', ...files];
  const committed = await git(repo, args);
  if (committed.exitCode !== 0) return fail('git-failed', `committing ${fileList(files)} failed: ${gitMessage(committed)}`);
  const commit = await commitOf(repo, 'HEAD');
  return commit ? { ok: true, commit } : fail('git-failed', `committing ${fileList(files)} left no commit at HEAD`);
}
