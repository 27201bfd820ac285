import type { WarehouseEntry } from './pg-catalog.js';
import { grownObjectName } from './pg-names.js';

/**
 * What an incremental model (or a snapshot) does in a build, decided before anything renders (what reads it must
 * name the object it will have): keep its previous result (unchanged), grow it into a new object
 * (the model is this environment's and its definition unchanged), or build it whole.
 */
export type IncrementalPlan =
  | { action: 'reuse'; object: string }
  | { action: 'grow'; object: string; from: string }
  | { action: 'full'; object: string };

export function incrementalPlan(options: {
  name: string;
  fingerprint: string;
  /** Its object when built whole (named by fingerprint, or the build's refresh). */
  wholeObject: string;
  previous?: WarehouseEntry;
  existing: ReadonlySet<string>;
  fullRefresh: boolean;
  canAppend: boolean;
}): IncrementalPlan {
  const { previous } = options;
  const previousObject = previous?.storeObject && options.existing.has(previous.storeObject) ? previous.storeObject : null;
  if (previousObject && previous?.fingerprint === options.fingerprint && !options.fullRefresh) return { action: 'reuse', object: previousObject };
  if (options.fullRefresh || !options.canAppend || !previousObject) return { action: 'full', object: options.wholeObject };
  return { action: 'grow', object: grownObjectName(options.name, options.fingerprint, previousObject), from: previousObject };
}

/**
 * A snapshot's plan: its previous version kept when nothing it reads changed; otherwise a new version
 * grown from the previous one (this environment's, or for a branch's first build its base's), which
 * it never rewrites; the first version when there is none. `--full-refresh` leaves snapshots alone,
 * as in dbt: their history cannot be rebuilt.
 */
export function snapshotPlan(options: {
  name: string;
  fingerprint: string;
  wholeObject: string;
  previous?: WarehouseEntry;
  /** The base environment's version, for a branch's first build. */
  base?: WarehouseEntry;
  existing: ReadonlySet<string>;
}): IncrementalPlan {
  const usable = (entry?: WarehouseEntry) => (entry?.storeObject && options.existing.has(entry.storeObject) ? entry.storeObject : null);
  const own = usable(options.previous);
  if (own && options.previous?.fingerprint === options.fingerprint) return { action: 'reuse', object: own };
  const from = own ?? usable(options.base);
  if (!from) return { action: 'full', object: options.wholeObject };
  return { action: 'grow', object: grownObjectName(options.name, `${options.fingerprint}:snapshot`, from), from };
}
