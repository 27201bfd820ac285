import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BuildEvent, BuildPhaseEvent, BuildSummary, NodeBuildEvent } from '../../shared/build-types.js';
import { assayClient } from '../api/client-registry.js';
import {
  addCounts, countOutcomes, displayStatus, NO_COUNTS, outcomeOfEvents, outcomeOfSummary, recordsOfEvents, recordsOfSummary,
  type BuildCounts, type BuildOutcome, type NodeOutcome,
} from '../build/build-outcome.js';
import { isSettled, type DisplayStatus } from '../lineage/node-status.js';
import { onBranchChange } from './on-branch-change.js';
import { useProjectStore } from './project-store.js';
import { refreshVisibleNode } from './refresh-visible-node.js';
import { useDashboardsStore } from './dashboards-store.js';

/** What the last finished build of one environment did. */
interface LastBuild {
  records: NodeOutcome[];
  outcome: BuildOutcome | null;
  summary: BuildSummary | null;
}

/**
 * Building the current branch: live per-node progress, cancelling, and the last build's outcome,
 * whether the build was started here or elsewhere (an automatic rebuild after a save, the command line).
 */
export const useBuildStore = defineStore('build', () => {
  const running = ref(false);
  const cancelling = ref(false);
  const phase = ref<BuildPhaseEvent | null>(null);
  /** The running build's latest event per node of the current environment. */
  const live = ref<Record<string, NodeBuildEvent>>({});
  /** What the last finished build did to each node, failures included. */
  const records = ref<NodeOutcome[]>([]);
  const outcome = ref<BuildOutcome | null>(null);
  const summary = ref<BuildSummary | null>(null);
  const error = ref<string | null>(null);
  /** Counts finished builds, so that a test (or a person) can tell a new result from the previous one. */
  const finishedBuilds = ref(0);
  let startedHere = false;
  /** The last build of each environment seen: switching back to a branch shows its own, never another's. */
  const lastBuilds = new Map<string, LastBuild>();
  /** While the tests run: what the builds they made so far did, so the status line speaks for all of them. */
  let testsBuilds: BuildCounts | null = null;

  const liveNodes = computed(() => Object.values(live.value));
  const progress = computed(() => ({
    settled: liveNodes.value.filter((event) => isSettled(event.status)).length,
    total: liveNodes.value.length,
  }));

  async function start(): Promise<void> {
    if (running.value) return;
    begin();
    startedHere = true;
    const result = await assayClient().startBuild({});
    if (!result.ok && /already running/.test(result.error)) {
      // An automatic rebuild got there first: its own events show it and end it.
      running.value = false;
      startedHere = false;
      return;
    }
    if (result.ok) {
      summary.value = result.value;
      records.value = recordsOfSummary(result.value);
      outcome.value = outcomeOfSummary(result.value);
      testsBuilds &&= addCounts(testsBuilds, countOutcomes(records.value));
    } else {
      error.value = result.error;
      records.value = recordsOfEvents(liveNodes.value);
      outcome.value = { status: 'error', message: result.error };
    }
    await finish();
  }

  async function cancel(): Promise<void> {
    if (!running.value) return;
    cancelling.value = true;
    const result = await assayClient().cancelBuild({});
    if (!result.ok) error.value = result.error;
  }

  function applyEvent(event: BuildEvent): void {
    const env = useProjectStore().env;
    if (event.env !== env) {
      // The base environment being brought up to date first: worth a word while this branch builds,
      // named, and never a place on the graph nor the last word once the build is over.
      if (event.type === 'phase' && running.value) phase.value = event.phase === 'building-base' ? event : { ...event, message: `${event.env}: ${event.message}` };
      return;
    }
    if (event.type === 'node') {
      begin();
      live.value = { ...live.value, [event.node]: event };
      return;
    }
    if (event.phase !== 'done') begin();
    phase.value = event;
    if (event.phase === 'done' && running.value && !startedHere) {
      records.value = recordsOfEvents(liveNodes.value);
      outcome.value = outcomeOfEvents(event, liveNodes.value, testsBuilds ?? NO_COUNTS, testsBuilds !== null);
      testsBuilds &&= addCounts(testsBuilds, countOutcomes(records.value));
      void finish();
    }
  }

  function begin(): void {
    if (running.value) return;
    running.value = true;
    cancelling.value = false;
    error.value = null;
    summary.value = null;
    outcome.value = null;
    records.value = [];
    live.value = {};
    phase.value = null;
  }

  async function finish(): Promise<void> {
    // Side by side: the open node's rows do not depend on the states of the others, and the preview
    // shows once the build is marked finished, when both have arrived.
    await Promise.all([useProjectStore().refreshNodeStates(), refreshVisibleNode({ data: true }), useDashboardsStore().built()]);
    live.value = {};
    running.value = false;
    startedHere = false;
    cancelling.value = false;
    finishedBuilds.value += 1;
  }

  onBranchChange((env, previous) => {
    if (previous) lastBuilds.set(previous, { records: records.value, outcome: outcome.value, summary: summary.value });
    const last = env ? lastBuilds.get(env) : undefined;
    records.value = last?.records ?? [];
    outcome.value = last?.outcome ?? null;
    summary.value = last?.summary ?? null;
    error.value = null;
    phase.value = null;
  });

  /** The tests are about to run: the builds they start (inputs first, then the rest) read as one on the status line. */
  function beginTestsBuilds(): void {
    testsBuilds = { ...NO_COUNTS };
  }

  function endTestsBuilds(): void {
    testsBuilds = null;
  }

  /** What the graph and the model view show for a node: the running build's word, else the last build's failure, else the environment's. */
  function nodeStatus(id: string): DisplayStatus {
    const running = live.value[id];
    if (running) return displayStatus(running.status, running.error);
    const last = records.value.find((record) => record.node === id)?.status;
    if (last === 'failed') return last;
    return useProjectStore().nodeState(id)?.status ?? 'not-built';
  }

  function nodeError(id: string): string | null {
    return live.value[id]?.error
      ?? records.value.find((record) => record.node === id)?.error
      ?? summary.value?.errors.find((problem) => problem.node === id)?.message
      ?? useProjectStore().nodeState(id)?.error
      ?? null;
  }

  return {
    running, cancelling, phase, live, liveNodes, records, outcome, summary, error, finishedBuilds, progress,
    start, cancel, applyEvent, beginTestsBuilds, endTestsBuilds, nodeStatus, nodeError,
  };
});
