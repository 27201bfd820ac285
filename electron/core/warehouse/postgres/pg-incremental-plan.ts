import type { WarehouseEntry } from './pg-catalog.js';
import { grownObjectName } from './pg-names.js';

/**
 * What an incremental model does in a build, decided before anything renders (what reads it must
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
