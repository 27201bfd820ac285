import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { TestHistoryPoint } from '../../shared/api.js';
import type { TestStage } from '../../shared/project-types.js';
import type { TestResult, TestRunReport, TestStatus } from '../../shared/test-types.js';
import { assayClient } from '../api/client-registry.js';
import { firstFailing, sectionTests } from '../tests/test-sections.js';
import { lineageNodeOfTest, worstStatus } from '../tests/test-status.js';
import { useBuildStore } from './build-store.js';
import { useProjectStore } from './project-store.js';
import { useShownTargetStore } from './shown-target-store.js';

export type ExportFormat = 'csv' | 'parquet';

export interface FailingRowsExport {
  test: string;
  format: ExportFormat;
  file: string;
  rows: number;
}

/**
 * The tests of the current branch: running them (all, or one stage), the latest report, filters,
 * the test open in the details pane with its history, and exporting its failing rows. With a
 * warehouse target shown (shown-target-store.ts), the branch's runs on that target instead: its
 * last report and the server's run history, and a run that builds and tests the branch there.
 */
export const useTestsStore = defineStore('tests', () => {
  const shown = useShownTargetStore();
  /** The warehouse target whose runs are shown; null: the local DuckDB environment's. */
  const target = computed(() => shown.selected);
  const report = ref<TestRunReport | null>(null);
  const running = ref(false);
  /** Results that arrived while a run is under way, before its report. */
  const liveResults = ref<TestResult[]>([]);
  const error = ref<string | null>(null);
  const stageFilter = ref<TestStage | 'all'>('all');
  const statusFilter = ref<TestStatus | 'all'>('all');
  const selectedId = ref<string | null>(null);
  const history = ref<TestHistoryPoint[]>([]);
  const exporting = ref<ExportFormat | null>(null);
  const lastExport = ref<FailingRowsExport | null>(null);
  const exportError = ref<string | null>(null);
  /** Counts finished runs, so that a person or a test can tell a new report from the previous one. */
  const finishedRuns = ref(0);

  const tests = computed(() => report.value?.tests ?? []);
  const filtered = computed(() =>
    tests.value.filter((test) => (stageFilter.value === 'all' || test.stage === stageFilter.value) && (statusFilter.value === 'all' || test.status === statusFilter.value)),
  );
  /** Failing and erroring tests first, then warnings, then the rest by stage. */
  const groups = computed(() => sectionTests(filtered.value));
  const selected = computed(() => tests.value.find((test) => test.id === selectedId.value) ?? null);
  /** Results the latest run did not measure (it ran one stage): kept from the run before, marked with when that ran. */
  const fromEarlierRuns = computed(() => tests.value.filter((test) => test.last_run));
  /** The worst status of each node's tests, for the lineage graph. */
  const worstByNode = computed(() => {
    const byNode = new Map<string, TestStatus[]>();
    for (const test of tests.value) {
      const node = lineageNodeOfTest(test.node);
      byNode.set(node, [...(byNode.get(node) ?? []), test.status]);
    }
    return new Map([...byNode].map(([node, statuses]) => [node, worstStatus(statuses)!]));
  });

  async function loadLatest(): Promise<void> {
    const on = target.value;
    const result = await assayClient().latestTestReport(on ? { target: on } : {});
    // Answered for a target no longer shown: the one shown now asks for its own.
    if (on !== target.value) return;
    if (result.ok) report.value = result.value;
    else error.value = result.error;
  }

  async function run(stage?: TestStage): Promise<void> {
    if (running.value) return;
    if (target.value) {
      await runOnTarget(target.value);
      return;
    }
    running.value = true;
    error.value = null;
    liveResults.value = [];
    const build = useBuildStore();
    build.beginTestsBuilds();
    const result = await assayClient().runTests(stage ? { stage } : {}).finally(() => build.endTestsBuilds());
    running.value = false;
    liveResults.value = [];
    // A run that ends after a switch of branch (or to a warehouse target) reported on another environment.
    if (result.ok && result.value.env === useProjectStore().env && !target.value) report.value = result.value;
    else if (!result.ok) error.value = result.error;
    finishedRuns.value += 1;
    if (selectedId.value) await loadHistory(selectedId.value);
  }

  /** Builds the branch on the target and tests it there (warehouseTest): every test, no stage. */
  async function runOnTarget(on: string): Promise<void> {
    running.value = true;
    error.value = null;
    liveResults.value = [];
    const env = useProjectStore().env;
    const result = await assayClient().warehouseTest({ target: on });
    running.value = false;
    // A run that ends after a switch of branch or target reported on another environment.
    if (on === target.value && env === useProjectStore().env) {
      if (result.ok) report.value = result.value.report ?? report.value;
      else error.value = result.error;
    }
    finishedRuns.value += 1;
    // The run built the branch there first: the lineage's states of it may have changed.
    void shown.reload();
    if (selectedId.value) await loadHistory(selectedId.value);
  }

  /**
   * A result as it arrives: listed live during a run started here; otherwise (the tests the app runs
   * after a save) it takes the place of that test's previous result at once.
   */
  function applyResult(result: TestResult): void {
    // The app's events are the local environment's runs.
    if (target.value) return;
    if (running.value) liveResults.value = [...liveResults.value, result];
    else if (report.value?.tests.some((test) => test.id === result.id)) {
      report.value = { ...report.value, tests: report.value.tests.map((test) => (test.id === result.id ? result : test)) };
    }
  }

  /** A run finished and was recorded, whoever started it: its board is what this branch shows. */
  function applyRun(board: TestRunReport): void {
    if (running.value || target.value || board.env !== useProjectStore().env) return;
    report.value = board;
    finishedRuns.value += 1;
    if (selectedId.value) void loadHistory(selectedId.value);
  }

  function filterByStage(stage: TestStage | 'all'): void {
    stageFilter.value = stage;
  }

  function filterByStatus(status: TestStatus | 'all'): void {
    statusFilter.value = status;
  }

  /** A count badge: shows only that status, or everything again when it was already the filter. */
  function toggleStatusFilter(status: TestStatus): void {
    statusFilter.value = statusFilter.value === status ? 'all' : status;
  }

  /** The sidebar's "N failing": every filter off, and the first failing test open. */
  async function openFirstFailing(): Promise<void> {
    const test = firstFailing(tests.value);
    stageFilter.value = 'all';
    statusFilter.value = 'all';
    if (test && selectedId.value !== test.id) await select(test.id);
  }

  async function select(id: string | null): Promise<void> {
    selectedId.value = id;
    history.value = [];
    lastExport.value = null;
    exportError.value = null;
    if (id) await loadHistory(id);
  }

  async function loadHistory(id: string): Promise<void> {
    const on = target.value;
    const result = await assayClient().testHistory(on ? { test: id, target: on } : { test: id });
    if (result.ok && selectedId.value === id && on === target.value) history.value = result.value;
  }

  async function exportFailingRows(format: ExportFormat): Promise<void> {
    const test = selectedId.value;
    if (!test || exporting.value) return;
    exporting.value = format;
    exportError.value = null;
    const result = await assayClient().exportFailingRows({ test, format });
    exporting.value = null;
    if (result.ok) lastExport.value = { test, format, ...result.value };
    else exportError.value = result.error;
  }

  // Another branch is another environment, with reports of its own.
  watch(() => useProjectStore().env, (env) => {
    report.value = null;
    error.value = null;
    liveResults.value = [];
    selectedId.value = null;
    history.value = [];
    lastExport.value = null;
    exportError.value = null;
    if (env) void loadLatest();
  }, { immediate: true });

  // Another target: the same branch's runs there. The open test stays open (a link names both), with its runs there.
  watch(target, () => {
    report.value = null;
    error.value = null;
    liveResults.value = [];
    history.value = [];
    lastExport.value = null;
    exportError.value = null;
    if (!useProjectStore().env) return;
    void loadLatest();
    if (selectedId.value) void loadHistory(selectedId.value);
  });

  return {
    target, report, running, liveResults, error, stageFilter, statusFilter, selectedId, history, exporting, lastExport, exportError, finishedRuns,
    tests, filtered, groups, selected, fromEarlierRuns, worstByNode,
    loadLatest, run, applyResult, applyRun, filterByStage, filterByStatus, toggleStatusFilter, openFirstFailing, select, exportFailingRows,
  };
});
