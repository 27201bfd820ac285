import type { GitResult } from '../../../shared/git-types.js';
import { resolveCommit } from './branches.js';
import { invalidPath } from './paths.js';
import { git, type Repo } from './repo.js';
import { fail } from './result.js';

/** The content of `file` (relative to the repository root) as committed at `ref`. */
export async function fileAtCommit(repo: Repo, ref: string, file: string): Promise<GitResult<{ content: string }>> {
  const invalid = invalidPath(file);
  if (invalid) return invalid;
  const at = await resolveCommit(repo, ref);
  if (!at.ok) return at;
  const blob = `${at.commit}:${file.replaceAll('\\', '/').replace(/^\.\//, '')}`;
  const out = await git(repo, ['cat-file', 'blob', blob]);
  const short = at.commit.slice(0, 8);
  if (out.exitCode !== 0) return fail('invalid-path', `${file} does not exist at ${ref === at.commit ? short : `${ref} (${short})`}`, [file]);
  return { ok: true, content: out.stdout };
}
