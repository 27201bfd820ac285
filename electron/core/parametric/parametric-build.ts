import type { ParameterProgress } from '../../../shared/build-types.js';
import type { EngineConnection } from '../engine/engine.js';

/** What the build gives a parametric model besides what every node gets (see materialize-parametric.ts). */
export interface ParametricBuild {
  /** The SQL and config of the model and of everything upstream, not the data: what kept values are valid for. */
  lineage: string;
  /** Opens another connection to the environment being built, so that values are computed side by side. */
  connect(): Promise<EngineConnection>;
  /** Values computed at once: the build's threads. */
  threads: number;
  signal?: AbortSignal;
  progress(progress: ParameterProgress): void;
  /** A warning about the model (NULL values left out, no values at all), kept in the build's problems. */
  warn(message: string): void;
}
