import type { CommitInfo, GitResult } from '../../../shared/git-types.js';
import { resolveCommit } from './branches.js';
import { invalidPath, literalPathspecs } from './paths.js';
import { hasCommits } from './refs.js';
import { git, type Repo } from './repo.js';
import { gitFailed } from './result.js';

export interface HistoryOptions {
  /** Where to start from; the checked-out commit by default. */
  ref?: string;
  limit?: number;
}

const format = ['%H', '%h', '%P', '%an', '%ae', '%aI', '%s'].join('%x00');

/** The commits that changed `file` (relative to the repository root), newest first, following renames. */
export async function fileHistory(repo: Repo, file: string, options: HistoryOptions = {}): Promise<GitResult<{ commits: CommitInfo[] }>> {
  const invalid = invalidPath(file);
  if (invalid) return invalid;
  if (!options.ref && !(await hasCommits(repo))) return { ok: true, commits: [] };
  const start = await resolveCommit(repo, options.ref ?? 'HEAD');
  if (!start.ok) return start;
  const limit = options.limit ? [`--max-count=${Math.max(1, Math.floor(options.limit))}`] : [];
  const out = await git(repo, [literalPathspecs, 'log', '--follow', '-z', '--name-only', `--format=%x1e${format}`, ...limit, start.commit, '--', file]);
  if (out.exitCode !== 0) return gitFailed(`reading the history of ${file}`, out);
  return { ok: true, commits: parseLog(out.stdout) };
}

function parseLog(output: string): CommitInfo[] {
  return output
    .split('\x1e')
    .filter(Boolean)
    .map((record) => {
      const [commit = '', shortCommit = '', parents = '', author = '', email = '', date = '', subject = '', names = ''] = record.split('\0');
      // --name-only puts the file's path at that commit after a newline (merges have none).
      const path = names.replace(/^\n/, '');
      const info: CommitInfo = { commit, shortCommit, parents: parents.split(' ').filter(Boolean), author, email, date, subject };
      if (path) info.path = path;
      return info;
    });
}
