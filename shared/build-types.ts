/** Build progress and results, as the CLI prints them and the UI shows them. */

/** The error of a node a partial build (`--select`) left out and that was never built before: not built, rather than skipped over a failure. */
export const NOT_SELECTED = 'not selected, and not built before';

export type NodeBuildStatus = 'queued' | 'started' | 'built' | 'reused' | 'failed' | 'skipped' | 'carried';

export interface NodeBuildEvent {
  type: 'node';
  env: string;
  node: string;
  status: NodeBuildStatus;
  /** Rows written (tables, seeds, incremental models); absent for views and sources. */
  rows?: number;
  ms?: number;
  error?: string;
  /** For `skipped`: the upstream node whose failure stopped this one. */
  because?: string;
  /** A parametric model's progress over its parameter's values, sent with `started` while it runs. */
  values?: ParameterProgress;
}

/** Where a parametric model stands: one event per value computed (see electron/core/parametric/). */
export interface ParameterProgress {
  parameter: string;
  /** The value just computed, as text; absent on the first event, which gives the plan. */
  value?: string;
  /** Values computed so far in this build, of `toCompute`. */
  computed: number;
  toCompute: number;
  /** Values kept from the previous result (the model is unchanged); `dropped`: no longer returned by the parameter query. */
  reused: number;
  dropped: number;
  /** The value's rows and time. */
  rows?: number;
  ms?: number;
}

export interface BuildPhaseEvent {
  type: 'phase';
  env: string;
  phase: 'loading' | 'building-base' | 'building' | 'publishing' | 'done';
  message: string;
}

export type BuildEvent = NodeBuildEvent | BuildPhaseEvent;

export interface NodeBuildRecord {
  node: string;
  kind: string;
  materialization: string;
  fingerprint: string;
  status: NodeBuildStatus;
  rows?: number;
  ms?: number;
  error?: string;
}

export interface BuildSummary {
  env: string;
  branch: string | null;
  commit: string | null;
  status: 'ok' | 'failed' | 'cancelled' | 'up-to-date';
  /** sha256 over every node's fingerprint: what a test report and a sign-off name. */
  envFingerprint: string;
  nodes: NodeBuildRecord[];
  ms: number;
  /** The project's errors and warnings (a warning when `severity` says so): an error makes `assay build` exit 2. */
  errors: { file: string; line?: number; message: string; node?: string; severity?: 'error' | 'warning' }[];
}
