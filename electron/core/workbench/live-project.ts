import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiEvent, GitState } from '../../../shared/api.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { ChangeBatcher } from './change-batcher.js';
import { watchProject, type ProjectWatch } from './file-watcher.js';
import { GitReads } from './git-reads.js';
import { gitDirOf } from './git-state.js';
import { readProjectSnapshot, type ProjectSnapshot } from './project-session.js';
import { SavesAgainstHead } from './saves-against-head.js';
import { planRebuild, touchesProject, type BuildPlan } from './rebuild-plan.js';

/** How long after the app saved a file the watcher's report of that write is recognised. */
const SELF_WRITE_MS = 5_000;

export interface LiveProjectOptions {
  /** Watch the folder and git's HEAD (default true). */
  watch?: boolean;
  /** Quiet time after the last change before reacting (default 300 ms). */
  debounceMs?: number;
  emit(event: ApiEvent): void;
  /** Called after a reload with what the change calls for; the workbench decides whether and when to build, and announces the reloaded project. */
  rebuild(plan: BuildPlan): Promise<void>;
  /** The project changed on disk and has been reloaded. */
  reloaded(): Promise<void>;
  onError(error: unknown): void;
}

/**
 * An open project that follows its folder: changed files are announced, the project is read again,
 * the affected nodes are rebuilt, and a branch change made outside the app is noticed.
 */
export class LiveProject {
  private watch: ProjectWatch | null = null;
  private readonly changes: ChangeBatcher;
  private readonly gitMoves: ChangeBatcher;
  private lastGit = '';
  /** Git state is read again only after the watcher saw a change; it is the slowest part of the project state. */
  private readonly git: GitReads;
  /** What the app wrote to each file it saved, and when: the watcher reports those writes too. */
  private readonly written = new Map<string, { text: string; at: number }>();
  /** The app's writes still in progress: the watcher can report one before the code that made it hears back. */
  private readonly writing = new Map<string, Promise<unknown>>();
  private readonly saves: SavesAgainstHead;
  /** Closed while a change was being handled: its folder may be gone, and nobody listens any more. */
  private closed = false;
  /** The last reload failed: its snapshot is an older project, so the next one reads the whole folder. */
  private lastLoadFailed = false;

  private constructor(public snapshot: ProjectSnapshot, private readonly options: LiveProjectOptions) {
    this.saves = new SavesAgainstHead(snapshot.project.root);
    this.git = new GitReads(snapshot.project.root, () => this.watch !== null);
    const delay = options.debounceMs ?? 300;
    this.changes = new ChangeBatcher(delay, (files) => this.onFiles(files), options.onError);
    this.gitMoves = new ChangeBatcher(delay, () => this.emitGitIfChanged(), options.onError);
  }

  static async open(dir: string, options: LiveProjectOptions): Promise<LiveProject> {
    const live = new LiveProject(await readProjectSnapshot(dir), options);
    if (options.watch ?? true) {
      live.watch = await watchProject(live.root, await gitDirOf(live.root), {
        onFiles: (files) => void live.noteChanged(files).catch(options.onError),
        onGit: () => {
          live.git.mayHaveChanged();
          live.saves.clear();
          live.gitMoves.add(['git']);
        },
        onError: options.onError,
      });
    }
    live.lastGit = JSON.stringify(await live.gitState());
    return live;
  }

  get root(): string {
    return this.snapshot.project.root;
  }

  /** Files that changed on disk, as the watcher saw them; one the app just wrote as it is now is not news. */
  async noteChanged(files: string[]): Promise<void> {
    const news: string[] = [];
    for (const file of files) {
      await this.writing.get(file)?.catch(() => undefined);
      const written = this.written.get(file);
      if (written && Date.now() - written.at < SELF_WRITE_MS && (await readFile(path.join(this.root, file), 'utf8').catch(() => null)) === written.text) continue;
      this.written.delete(file);
      this.saves.forget(file);
      news.push(file);
    }
    if (news.length === 0) return;
    this.git.mayHaveChanged();
    this.changes.add(news);
  }

  /**
   * Writes a file for the app (`write` returns the text it wrote): the change is handled at once, and
   * the watcher's report of that write, which can arrive before `write` returns, is not a second one.
   */
  async writeOwn(file: string, write: () => Promise<string>): Promise<void> {
    await this.saves.beforeWrite(file, this.git.current);
    const writing = write();
    this.writing.set(file, writing);
    try {
      this.noteWritten(file, await writing);
    } finally {
      if (this.writing.get(file) === writing) this.writing.delete(file);
    }
  }

  /** A file the app itself wrote, with what it wrote: handled at once, without the watcher's quiet time. */
  noteWritten(file: string, text: string): void {
    this.written.set(file, { text, at: Date.now() });
    this.git.mayHaveChanged();
    this.changes.add([file], true);
  }

  gitState(): Promise<GitState> {
    return this.git.read();
  }

  /**
   * The git state as last read, without waiting for a read in flight: a save's build is announced
   * without the git processes that read what it changed, and the 'git' event brings their answer.
   */
  get lastGitState(): GitState | null {
    return this.git.latest;
  }

  /**
   * Reads the project again: only the files `changed` names when they are models' SQL and the last
   * read was whole and good, else the whole folder. A project that no longer loads keeps its last
   * good graph and shows why.
   */
  async reload(changed?: readonly string[]): Promise<boolean> {
    try {
      const change = changed && !this.lastLoadFailed ? { previous: this.snapshot, files: changed } : undefined;
      this.snapshot = await readProjectSnapshot(this.root, change);
      this.lastLoadFailed = false;
      return true;
    } catch (err) {
      if (!(err instanceof ProjectLoadError)) throw err;
      this.lastLoadFailed = true;
      this.snapshot = { ...this.snapshot, summary: { ...this.snapshot.summary, errors: err.errors } };
      return false;
    }
  }

  /** Waits until every change seen so far has been handled (rebuilds included). */
  async settled(): Promise<void> {
    await this.changes.settled();
    await this.gitMoves.settled();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.changes.close();
    this.gitMoves.close();
    await this.watch?.close();
    this.watch = null;
  }

  async emitGitIfChanged(): Promise<void> {
    this.git.forgetKept();
    const git = await this.gitState();
    const text = JSON.stringify(git);
    if (text === this.lastGit) return;
    this.lastGit = text;
    this.options.emit({ event: 'git', payload: git });
  }

  private async onFiles(files: string[]): Promise<void> {
    this.options.emit({ event: 'files', payload: { changed: files } });
    try {
      if (!touchesProject(files)) return;
      const loaded = await this.reload(files);
      const plan = loaded ? planRebuild(this.snapshot.project, files) : null;
      // A rebuild announces the reloaded project with its outcome; announcing it before as well
      // would have every screen query the environment the build is about to replace.
      if (plan && plan.kind !== 'none') await this.options.rebuild(plan);
      else await this.options.reloaded();
    } finally {
      // The uncommitted-files list is news for the git panel: its git processes would only slow
      // the save's reload and build on a small machine, so they run once those are done, and not
      // at all after a save that git's list already holds.
      // Without a watcher a commit or a checkout would go unseen: then git is always asked.
      const known = this.watch ? this.git.latest : null;
      if (!this.closed && !files.every((file) => this.saves.leavesGitAsIs(file, this.written.get(file)?.text, known))) await this.emitGitIfChanged();
    }
  }
}
