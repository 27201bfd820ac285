import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { BuildEvent, BuildPhaseEvent, BuildSummary, NodeBuildEvent } from '../../shared/build-types.js';
import { assayClient } from '../api/client-registry.js';
import { isSettled, type DisplayStatus } from '../lineage/node-status.js';
import { useProjectStore } from './project-store.js';
import { refreshVisibleNode } from './refresh-visible-node.js';

/** Building the current branch: live per-node progress, cancelling, and the last build's outcome. */
export const useBuildStore = defineStore('build', () => {
  const running = ref(false);
  const cancelling = ref(false);
  const phase = ref<BuildPhaseEvent | null>(null);
  /** The running build's latest event per node of the current environment. */
  const live = ref<Record<string, NodeBuildEvent>>({});
  const summary = ref<BuildSummary | null>(null);
  const error = ref<string | null>(null);
  let startedHere = false;

  const liveNodes = computed(() => Object.values(live.value));
  const progress = computed(() => ({
    settled: liveNodes.value.filter((event) => isSettled(event.status)).length,
    total: liveNodes.value.length,
  }));
  const failedNodes = computed(() => (summary.value?.nodes ?? []).filter((node) => node.status === 'failed'));

  async function start(): Promise<void> {
    if (running.value) return;
    begin();
    startedHere = true;
    const result = await assayClient().startBuild({});
    if (!result.ok && /already running/.test(result.error)) {
      // An automatic rebuild (after a save) got there first: its own events show it and end it.
      running.value = false;
      startedHere = false;
      return;
    }
    if (result.ok) summary.value = result.value;
    else error.value = result.error;
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
    if (event.type === 'phase') {
      // A build started elsewhere (an automatic rebuild, the command line) still shows its progress.
      if (event.env === env && event.phase !== 'done') begin();
      phase.value = event;
      if (event.env === env && event.phase === 'done' && !startedHere) void finish();
      return;
    }
    if (event.env !== env) return;
    begin();
    live.value = { ...live.value, [event.node]: event };
  }

  /** Starts showing a build, ours or one started elsewhere (an automatic rebuild after a save, the command line). */
  function begin(): void {
    if (running.value) return;
    running.value = true;
    cancelling.value = false;
    error.value = null;
    summary.value = null;
    live.value = {};
    phase.value = null;
  }

  async function finish(): Promise<void> {
    await useProjectStore().refreshNodeStates();
    live.value = {};
    running.value = false;
    startedHere = false;
    cancelling.value = false;
    await refreshVisibleNode({ data: true });
  }

  /** What the graph and the model view show for a node: the running build's word, else the last build's failure, else the environment's. */
  function nodeStatus(id: string): DisplayStatus {
    const outcome = summary.value?.nodes.find((node) => node.node === id)?.status;
    if (live.value[id]) return live.value[id].status;
    if (outcome === 'failed' || outcome === 'skipped') return outcome;
    return useProjectStore().nodeState(id)?.status ?? 'not-built';
  }

  function nodeError(id: string): string | null {
    const record = summary.value?.nodes.find((node) => node.node === id);
    return live.value[id]?.error
      ?? record?.error
      ?? summary.value?.errors.find((problem) => problem.node === id)?.message
      ?? useProjectStore().nodeState(id)?.error
      ?? null;
  }

  return { running, cancelling, phase, live, liveNodes, summary, error, progress, failedNodes, start, cancel, applyEvent, nodeStatus, nodeError };
});
