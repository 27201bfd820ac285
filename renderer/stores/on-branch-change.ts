import { watch } from 'vue';
import { useProjectStore } from './project-store.js';

/**
 * Calls `changed` whenever the open project's environment changes: another branch (or commit) is
 * another environment, with its own builds, reports, verdicts and dashboards. Call it inside a
 * store's setup, so that the store forgets or swaps what belonged to the previous branch.
 */
export function onBranchChange(changed: (env: string | null, previous: string | null) => void): void {
  watch(() => useProjectStore().env, (env, previous) => {
    if (env !== previous) changed(env, previous ?? null);
  });
}
