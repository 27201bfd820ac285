/** Values the git service returns; shared with the renderer, so no Node imports here. */

export type GitErrorCode =
  | 'not-found'
  | 'not-a-repository'
  | 'no-commits'
  | 'unknown-ref'
  | 'unknown-branch'
  | 'invalid-branch-name'
  | 'invalid-path'
  | 'branch-exists'
  | 'same-branch'
  | 'detached-head'
  | 'uncommitted-changes'
  | 'no-identity'
  | 'nothing-to-commit'
  | 'merge-in-progress'
  | 'no-merge-in-progress'
  | 'no-remote'
  /** A fast-forward-only pull found commits on both sides. */
  | 'diverged'
  | 'worktree-in-the-way'
  /** A sign-off whose review checklist is malformed, names an unknown item, or leaves a required one unticked. */
  | 'invalid-checklist'
  | 'git-failed';

export interface GitFailure {
  ok: false;
  code: GitErrorCode;
  /** A sentence for the user that names the branch, file or ref at fault. */
  error: string;
  /** The files at fault, when there are some (uncommitted changes, unresolved conflicts). */
  files?: string[];
}

/** Every git operation answers with this: expected failures are values, not exceptions. */
export type GitResult<T extends object = object> = ({ ok: true } & T) | GitFailure;

export type FileChange = 'unmodified' | 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'untracked' | 'conflicted';

export interface FileStatus {
  /** Relative to the repository root, with `/` separators. */
  path: string;
  /** The previous path of a renamed or copied file. */
  from?: string;
  /** The change staged in the index. */
  index: FileChange;
  /** The change in the working tree, not staged. */
  workingTree: FileChange;
}

export interface RepoStatus {
  /** null on a detached HEAD. */
  branch: string | null;
  files: FileStatus[];
  staged: string[];
  /** Tracked files changed in the working tree but not staged. */
  changed: string[];
  untracked: string[];
  conflicted: string[];
  /** A merge is under way (resolve the conflicts and commit, or abort it). */
  merging: boolean;
  /** No staged, changed, untracked or conflicted file (ignored files do not count). */
  isClean: boolean;
}

export interface BranchInfo {
  name: string;
  current: boolean;
  /** Commits on this branch that the base has not; 0 for the base itself. */
  ahead: number;
  /** Commits on the base that this branch has not. */
  behind: number;
  commit: string;
}

export interface HeadInfo {
  /** null on a detached HEAD. */
  branch: string | null;
  /** null before the first commit. */
  commit: string | null;
}

export interface CommitInfo {
  commit: string;
  shortCommit: string;
  parents: string[];
  author: string;
  email: string;
  /** ISO 8601, with the author's offset. */
  date: string;
  subject: string;
  /** For a file's history: the file's path in this commit (it changes across renames). */
  path?: string;
}

export type MergeResult =
  | { kind: 'up-to-date'; commit: string }
  | { kind: 'fast-forward'; commit: string }
  | { kind: 'merge-commit'; commit: string }
  /** The merge stopped: resolve these files and commit, or abort the merge. */
  | { kind: 'conflict'; files: string[] };

export interface SwitchResult {
  branch: string;
  /** The stash message the changes left behind were saved under, if any. */
  stashed: string | null;
  /** Files of an earlier stash of this branch put back in the working tree. */
  restored: string[];
  /** Set when an earlier stash of this branch could not be applied; it is kept, nothing is lost. */
  restoreError?: string;
}

export interface WorktreeInfo {
  dir: string;
  commit: string;
}
