import type { TestRunReport } from './test-types.js';

/** A reviewer's approval of one test report of one commit, as recorded in git. */
export interface Signoff {
  commit: string;
  reviewer: { name: string; email: string };
  report_sha256: string;
  report_file: string;
  env_fingerprint: string | null;
  message: string | null;
  signed_at: string;
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
