import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitState } from '../../../shared/api.js';

/**
 * What the app's own saves do to git's list of changed files, told without a git process where the
 * app knows the answer: a file git already lists stays listed when its new text differs from its
 * text at HEAD. That text is learnt for free: a file git does not list is as at HEAD, so its text
 * just before the app's first save of it is HEAD's. Anything else (an outside edit, a commit, a
 * checkout, a save that may have put HEAD's text back) is not known, and git is asked.
 */
export class SavesAgainstHead {
  private readonly atHead = new Map<string, string>();

  constructor(private readonly root: string) {}

  /** Before the app writes `file`, with git's state as last read. */
  async beforeWrite(file: string, git: GitState | null): Promise<void> {
    if (!git || git.changed.includes(file) || this.atHead.has(file)) return;
    const text = await readFile(path.join(this.root, file), 'utf8').catch(() => null);
    if (text !== null) this.atHead.set(file, text);
  }

  /** True when the app wrote `text` to `file` and git's list, as `git` has it, certainly still holds. */
  leavesGitAsIs(file: string, text: string | undefined, git: GitState | null): boolean {
    const head = this.atHead.get(file);
    return git !== null && text !== undefined && head !== undefined && head !== text && git.changed.includes(file);
  }

  /** `file` changed outside the app: its text before the next save is not HEAD's any more. */
  forget(file: string): void {
    this.atHead.delete(file);
  }

  /** HEAD, the index or a branch moved: what was learnt may no longer be HEAD's. */
  clear(): void {
    this.atHead.clear();
  }
}
