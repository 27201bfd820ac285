import { tmpdir } from 'node:os';
import { gitMessage, runGit } from '../../git/repo.js';

/** The tags and branches of a remote repository, each with the commit it names (tags peeled). */
export interface RemoteRefs {
  tags: Map<string, string>;
  branches: Map<string, string>;
}

/** Git could not do what was asked of a remote: its own message, without the `fatal:`. */
export class GitRemoteError extends Error {}

/** `git ls-remote --heads --tags <url>`: git's configuration applies (insteadOf, credentials helpers). */
export async function listRemoteRefs(url: string): Promise<RemoteRefs> {
  const out = await runGit(tmpdir(), ['ls-remote', '--heads', '--tags', '--', url], { noPrompt: true });
  if (out.exitCode !== 0) throw new GitRemoteError(gitMessage(out));
  const tags = new Map<string, string>();
  const branches = new Map<string, string>();
  for (const line of out.stdout.split('\n')) {
    const [commit, ref] = line.trim().split('\t');
    if (!commit || !ref) continue;
    if (ref.startsWith('refs/heads/')) branches.set(ref.slice('refs/heads/'.length), commit);
    else if (ref.startsWith('refs/tags/')) {
      const peeled = ref.endsWith('^{}');
      const tag = ref.slice('refs/tags/'.length, peeled ? -3 : undefined);
      // An annotated tag is listed twice: the tag object, then `^{}` with its commit, which wins.
      if (peeled || !tags.has(tag)) tags.set(tag, commit);
    }
  }
  return { tags, branches };
}

/** The commit the remote's HEAD (its default branch) points at. */
export async function remoteHead(url: string): Promise<string> {
  const out = await runGit(tmpdir(), ['ls-remote', '--', url, 'HEAD'], { noPrompt: true });
  if (out.exitCode !== 0) throw new GitRemoteError(gitMessage(out));
  const commit = out.stdout.split('\t')[0]?.trim();
  if (!commit) throw new GitRemoteError('the repository has no HEAD (is it empty?)');
  return commit;
}

/** The URL git really uses for `url` once `url.<base>.insteadOf` rewrites apply. */
export async function effectiveUrl(url: string): Promise<string> {
  const out = await runGit(tmpdir(), ['ls-remote', '--get-url', '--', url]);
  return out.exitCode === 0 && out.stdout.trim() ? out.stdout.trim() : url;
}
