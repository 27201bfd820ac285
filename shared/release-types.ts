import type { TestRunReport } from './test-types.js';

/** A reviewer's approval of one test report of one commit, as recorded in git. */
export interface Signoff {
  commit: string;
  reviewer: { name: string; email: string };
  report_sha256: string;
  report_file: string;
  env_fingerprint: string | null;
  /** The warehouse target the signed report was made on (absent: a local DuckDB environment). */
  target?: string;
  message: string | null;
  signed_at: string;
  /** The review checklist as the reviewer left it; absent from sign-offs recorded before there was one. */
  checklist?: SignoffCheck[];
}

/** One item of a project's review checklist (`assay: review_checklist` in dbt_project.yml). */
export interface ChecklistItem {
  item: string;
  /** A required item must be ticked to sign off. */
  required: boolean;
}

export interface ReviewChecklist {
  items: ChecklistItem[];
  /** project: the project's own list; default: Assay's, when the project sets none (nothing required). */
  source: 'project' | 'default';
}

export interface SignoffCheck extends ChecklistItem {
  ticked: boolean;
}

export interface ReleaseReason {
  check: 'clean-tree' | 'tests' | 'signoff';
  ok: boolean;
  message: string;
  /** Files or test ids at fault. */
  items?: string[];
  /** The `signoff` check: the sign-off that applies to the commit, whether or not the project requires one. */
  signoff?: Signoff;
}

export interface ReleaseVerdict {
  go: boolean;
  commit: string | null;
  reasons: ReleaseReason[];
  report: TestRunReport | null;
}
