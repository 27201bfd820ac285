import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { HeadInfo } from '../../../shared/git-types.js';

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * HEAD's branch and commit read from the repository's files, as git itself stores them (`HEAD`,
 * a loose ref, `packed-refs`), without starting a git process: every save's build asks, and a
 * process costs tens of milliseconds in a process the size of the app's. Null whenever the layout
 * is one this does not read (reftable, a symbolic ref to a symbolic ref, anything unexpected): the
 * caller then asks git.
 */
export async function headFromFiles(repoDir: string): Promise<HeadInfo | null> {
  const gitDir = await gitDirOf(repoDir);
  if (!gitDir) return null;
  const commonDir = await readText(path.join(gitDir, 'commondir')).then((text) => (text === null ? gitDir : path.resolve(gitDir, text.trim())));
  if (await exists(path.join(commonDir, 'reftable'))) return null;
  const headText = (await readText(path.join(gitDir, 'HEAD')))?.trim();
  if (!headText) return null;
  if (OBJECT_ID.test(headText)) return { branch: null, commit: headText };
  const ref = /^ref: (refs\/heads\/\S+)$/.exec(headText)?.[1];
  if (!ref || ref.split('/').some((part) => part === '..' || part === '.' || part.startsWith('.'))) return null;
  const loose = await readText(path.join(commonDir, ref));
  if (loose !== null) return OBJECT_ID.test(loose.trim()) ? { branch: ref.slice('refs/heads/'.length), commit: loose.trim() } : null;
  const packed = await readText(path.join(commonDir, 'packed-refs'));
  const commit = packed === null ? null : packedCommit(packed, ref);
  // A branch with no commit yet (a new repository): git answers the same.
  return { branch: ref.slice('refs/heads/'.length), commit };
}

function packedCommit(packed: string, ref: string): string | null {
  for (const line of packed.split('\n')) {
    const [id, name] = line.split(' ');
    if (name === ref && id && OBJECT_ID.test(id)) return id;
  }
  return null;
}

/** `.git` is the folder itself, or (a linked worktree, a submodule) a file naming it. */
async function gitDirOf(repoDir: string): Promise<string | null> {
  const dotGit = path.join(repoDir, '.git');
  const info = await stat(dotGit).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) return dotGit;
  const pointer = /^gitdir: (.+)$/m.exec((await readText(dotGit)) ?? '')?.[1];
  return pointer ? path.resolve(repoDir, pointer.trim()) : null;
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}
