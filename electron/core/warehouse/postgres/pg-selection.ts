import { ProjectLoadError } from '../../build/project-load-error.js';
import { selectNodes } from '../../build/select-nodes.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import { sha256 } from '../../env/fingerprint.js';
import type { WarehouseEntry } from './pg-catalog.js';

/**
 * `--select` / `--exclude` on a warehouse build, with the local build's meaning
 * (build/build-environment.ts): the selected nodes are built; a node left out keeps what the
 * environment had for it (`carried`, with the fingerprint that result was built from), or for an
 * environment's first build what its base had; one whose fingerprint did not change is reused as
 * always; one that was never built is left out of the environment (`skipped`, NOT_SELECTED), except
 * a source, which is read so that what is selected can read it.
 */

const IN_ENVIRONMENT: readonly string[] = ['built', 'reused', 'carried'];

/** The selected node ids; a selector that matches nothing is an error, as locally. `base`: the base environment's catalog, for `state:` selectors. */
export function selectOnWarehouse(compiled: CompiledProject, select: string[], exclude: string[], definitions: Map<string, string>, base: Map<string, WarehouseEntry> | null): Set<string> {
  const state = { definitions, base: base && base.size > 0 ? new Map([...base.values()].map((e) => [e.nodeId, e.definition])) : null };
  const chosen = selectNodes(compiled, select, exclude, state);
  if (!chosen.ok) throw new ProjectLoadError([{ file: 'dbt_project.yml', severity: 'error', message: chosen.error }]);
  return chosen.ids;
}

export interface SelectionPlan {
  /** Unselected nodes whose fingerprint changed: they keep this entry (what the environment, or its base, had). */
  carried: Map<string, WarehouseEntry>;
  /** Unselected nodes with no result to keep and none in the store: not in the environment. */
  notSelected: Set<string>;
  /**
   * The fingerprint each node's result is stored under. A selected node that reads a carried result
   * (directly or through others) is not what its fingerprint says, and the store is shared by every
   * environment of the server: its result is stored under a fingerprint of its own.
   */
  storedFingerprints: Map<string, string>;
}

export function planSelection(input: {
  compiled: CompiledProject;
  selected: ReadonlySet<string>;
  fingerprints: ReadonlyMap<string, string>;
  /** What the environment had (its own catalog, or its base's for a first build). */
  kept: ReadonlyMap<string, WarehouseEntry>;
  /** Each node's store object by its fingerprint. */
  wholeObjects: ReadonlyMap<string, string | null>;
  existing: ReadonlySet<string>;
}): SelectionPlan {
  const { compiled, selected, fingerprints, kept, existing } = input;
  const carried = new Map<string, WarehouseEntry>();
  const notSelected = new Set<string>();
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || node.error || selected.has(id)) continue;
    const had = kept.get(id);
    // Unchanged: built as in any build (its result reused from the store).
    if (had && had.fingerprint === fingerprints.get(id) && IN_ENVIRONMENT.includes(had.status)) continue;
    if (had?.storeObject && existing.has(had.storeObject) && IN_ENVIRONMENT.includes(had.status)) {
      carried.set(id, had);
      continue;
    }
    const own = input.wholeObjects.get(id);
    if (own && existing.has(own)) continue;
    if (node.kind === 'source') continue;
    notSelected.add(id);
  }
  const storedFingerprints = new Map(fingerprints);
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || carried.has(id) || notSelected.has(id)) continue;
    // A result already in the store under its own fingerprint is reused as it is, as in any build.
    const own = input.wholeObjects.get(id);
    if (own && existing.has(own)) continue;
    const stale = node.dependsOn.filter((dep) => carried.has(dep) || storedFingerprints.get(dep) !== fingerprints.get(dep));
    if (stale.length === 0) continue;
    const read = stale.map((dep) => [dep, carried.get(dep)?.fingerprint ?? storedFingerprints.get(dep)]).sort();
    storedFingerprints.set(id, sha256(JSON.stringify({ fingerprint: fingerprints.get(id), readsCarried: read })));
  }
  return { carried, notSelected, storedFingerprints };
}

/** Why a selected node cannot be built: it reads a node that is neither selected nor in the environment. */
export function missingUpstream(compiled: CompiledProject, id: string, plan: SelectionPlan, env: string): string | null {
  const node = compiled.nodes.get(id);
  const missing = node?.dependsOn.find((dep) => plan.notSelected.has(dep) && compiled.nodes.get(dep)?.materialization !== 'ephemeral');
  if (!node || !missing) return null;
  return `${node.kind} ${node.name} reads ${missing}, which is not selected and has never been built in the environment '${env}': select it too (--select +${node.name})`;
}
