import type { GitState } from '../../../shared/api.js';
import { readGitState } from './git-state.js';

/**
 * Reads of git's view of an open project (branch, uncommitted files, branches). With a watcher, a
 * read is kept until the watcher says something may have changed it; without one, every ask reads.
 * It also remembers the newest answer, and whether anything was seen since the read that gave it.
 */
export class GitReads {
  private kept: Promise<GitState> | null = null;
  private newest: GitState | null = null;
  private readsStarted = 0;
  private newestStarted = 0;
  /** Changes seen that may have changed git's view, and how many had been seen when the newest read started. */
  private changesSeen = 0;
  private newestSeen = -1;

  constructor(
    private readonly root: string,
    /** Whether a watcher reports changes (so that a read can be kept). */
    private readonly watched: () => boolean,
  ) {}

  read(): Promise<GitState> {
    if (this.watched() && this.kept) return this.kept;
    const started = ++this.readsStarted;
    const seen = this.changesSeen;
    const reading = readGitState(this.root).then(
      (git) => {
        // Reads can finish out of order: an older one never replaces what a newer one found.
        if (started > this.newestStarted) [this.newest, this.newestStarted, this.newestSeen] = [git, started, seen];
        return git;
      },
      (err: unknown) => {
        if (this.kept === reading) this.kept = null;
        throw err;
      },
    );
    if (this.watched()) this.kept = reading;
    return reading;
  }

  /** Something happened that may have changed git's view: the next read asks git. */
  mayHaveChanged(): void {
    this.kept = null;
    this.changesSeen += 1;
  }

  /** The next read asks git, though nothing new was seen (a refresh). */
  forgetKept(): void {
    this.kept = null;
  }

  /** The newest answer, without waiting for a read in flight. */
  get latest(): GitState | null {
    return this.newest;
  }

  /** The newest answer when nothing seen since can have changed it (only a watcher tells). */
  get current(): GitState | null {
    return this.watched() && this.newestSeen === this.changesSeen ? this.newest : null;
  }
}
