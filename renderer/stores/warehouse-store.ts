import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BuildPhaseEvent, NodeBuildEvent } from '../../shared/build-types.js';
import type { TestResult } from '../../shared/test-types.js';
import type {
  ProfileTargets, WarehouseBuildResult, WarehouseDiffResult, WarehouseEnvironmentList, WarehouseGcResult, WarehouseProgress,
} from '../../shared/warehouse-types.js';
import { assayClient } from '../api/client-registry.js';
import { onBranchChange } from './on-branch-change.js';

export type WarehouseAction = 'build' | 'test' | 'diff' | 'gc';

/** What the last build, test run, diff or garbage collection on the selected target answered. */
interface WarehouseResults {
  build: WarehouseBuildResult | null;
  tests: TestResult[] | null;
  diff: WarehouseDiffResult | null;
  gc: WarehouseGcResult | null;
  /** The answers' cards, the latest first: what was just asked for is what the screen shows on top. */
  order: ('build' | 'tests' | 'diff')[];
}

const NO_RESULTS: WarehouseResults = { build: null, tests: null, diff: null, gc: null, order: [] };

function first(order: WarehouseResults['order'], ...latest: WarehouseResults['order']): WarehouseResults['order'] {
  return [...latest, ...order.filter((card) => !latest.includes(card))];
}

/**
 * The Warehouse screen (issue 16): the profile's targets, and on a PostgreSQL one its branch
 * environments, building and testing a branch there, diffing two of its environments and
 * collecting its unused store objects. Everything the command line does with `--target`.
 */
export const useWarehouseStore = defineStore('warehouse', () => {
  const profile = shallowRef<ProfileTargets | null>(null);
  const profileError = ref<string | null>(null);
  const selected = ref<string | null>(null);
  const environments = shallowRef<WarehouseEnvironmentList | null>(null);
  const environmentsError = ref<string | null>(null);
  const loadingEnvironments = ref(false);
  /** The operation running on the target, and the branch it builds. */
  const running = ref<{ action: WarehouseAction; branch: string | null } | null>(null);
  const cancelling = ref(false);
  const phase = shallowRef<BuildPhaseEvent | null>(null);
  const live = shallowRef<Record<string, NodeBuildEvent>>({});
  const results = shallowRef<WarehouseResults>(NO_RESULTS);
  /** The last operation's error (the server's message, naming the target). */
  const error = ref<string | null>(null);
  /** Counts finished operations, so that a test (or a person) can tell a new answer from the previous one. */
  const finished = ref(0);

  const targets = computed(() => profile.value?.targets ?? []);
  const warehouseTargets = computed(() => targets.value.filter((target) => target.type === 'postgres'));
  const target = computed(() => warehouseTargets.value.find((candidate) => candidate.name === selected.value) ?? null);
  const progress = computed(() => {
    const nodes = Object.values(live.value);
    return { settled: nodes.filter((n) => n.status !== 'started' && n.status !== 'queued').length, total: nodes.length };
  });

  async function load(): Promise<void> {
    const result = await assayClient().warehouseTargets({});
    if (!result.ok) {
      profileError.value = result.error;
      return;
    }
    profileError.value = null;
    profile.value = result.value;
    const names = warehouseTargets.value.map((t) => t.name);
    if (!selected.value || !names.includes(selected.value)) {
      selected.value = warehouseTargets.value.find((t) => t.isDefault)?.name ?? names[0] ?? null;
    }
    await loadEnvironments();
  }

  /** Reads the profile once (a palette command may act before the screen was ever opened). */
  async function ensureLoaded(): Promise<void> {
    if (!profile.value) await load();
  }

  /** Opens a target by name (the URL's `?target=`); the answers about the previous one are dropped. */
  async function select(name: string): Promise<void> {
    if (name === selected.value) return;
    selected.value = name;
    results.value = NO_RESULTS;
    error.value = null;
    environments.value = null;
    await loadEnvironments();
  }

  async function loadEnvironments(): Promise<void> {
    const name = target.value?.problem ? null : selected.value;
    if (!name) {
      environments.value = null;
      environmentsError.value = null;
      return;
    }
    loadingEnvironments.value = true;
    const result = await assayClient().warehouseEnvironments({ target: name });
    loadingEnvironments.value = false;
    if (selected.value !== name) return;
    environments.value = result.ok ? result.value : null;
    environmentsError.value = result.ok ? null : result.error;
  }

  /** Builds a branch on the target: the checked-out one unless named. */
  async function build(branch?: string): Promise<void> {
    await whileRunning('build', branch ?? null, async (name) => {
      const result = await assayClient().warehouseBuild({ target: name, branch });
      if (result.ok) results.value = afterBuild(result.value, ['build']);
      return result;
    });
  }

  async function runTests(): Promise<void> {
    await whileRunning('test', null, async (name) => {
      const result = await assayClient().warehouseTest({ target: name });
      if (result.ok) results.value = { ...afterBuild(result.value.build, ['tests', 'build']), tests: result.value.results };
      return result;
    });
  }

  /** Compares `base`'s environment with the checked-out branch's, on the target's server; with a primary key, rows are matched by it there. */
  async function diffAgainst(base: string, primaryKey?: string[]): Promise<void> {
    await whileRunning('diff', null, async (name) => {
      const result = await assayClient().warehouseDiff({ target: name, base, ...(primaryKey?.length ? { primaryKey } : {}) });
      if (result.ok) results.value = { ...results.value, diff: result.value, order: first(results.value.order, 'diff') };
      return result;
    });
  }

  /** Lists (dryRun) or drops the store objects no environment reads. */
  async function collectGarbage(dryRun: boolean): Promise<void> {
    await whileRunning('gc', null, async (name) => {
      const result = await assayClient().warehouseGc({ target: name, dryRun });
      if (result.ok) results.value = { ...results.value, gc: result.value };
      return result;
    });
  }

  /** A build that changed the environment leaves the tests and the diff before it describing the one before. */
  function afterBuild(build: WarehouseBuildResult, latest: WarehouseResults['order']): WarehouseResults {
    const kept = build.summary.status === 'up-to-date' ? results.value : { ...results.value, tests: null, diff: null };
    return { ...kept, build, order: first(kept.order, ...latest).filter((card) => card === 'build' || kept[card] !== null || latest.includes(card)) };
  }

  async function cancel(): Promise<void> {
    if (!running.value) return;
    cancelling.value = true;
    const result = await assayClient().cancelWarehouseBuild({});
    if (!result.ok) error.value = result.error;
  }

  async function whileRunning(action: WarehouseAction, branch: string | null, work: (target: string) => Promise<{ ok: true } | { ok: false; error: string }>): Promise<void> {
    const name = selected.value;
    if (!name || running.value) return;
    running.value = { action, branch };
    cancelling.value = false;
    error.value = null;
    phase.value = null;
    live.value = {};
    try {
      const result = await work(name);
      if (!result.ok) error.value = result.error;
    } finally {
      running.value = null;
      cancelling.value = false;
      live.value = {};
    }
    if (action !== 'diff' && selected.value === name) await loadEnvironments();
    finished.value += 1;
  }

  /** A `warehouse` event: the running build's progress on one of the profile's targets. */
  function applyProgress({ target: name, event }: WarehouseProgress): void {
    if (name !== selected.value || !running.value) return;
    if (event.type === 'phase') phase.value = event;
    else live.value = { ...live.value, [event.node]: event };
  }

  // A build, test run or diff answered for the branch that was checked out; another branch's are its own.
  onBranchChange(() => {
    results.value = NO_RESULTS;
    error.value = null;
  });

  return {
    profile, profileError, selected, environments, environmentsError, loadingEnvironments, running, cancelling, phase, live, progress, results, error, finished,
    targets, warehouseTargets, target, load, ensureLoaded, select, loadEnvironments, build, runTests, diffAgainst, collectGarbage, cancel, applyProgress,
  };
});
