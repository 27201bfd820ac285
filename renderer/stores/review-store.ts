import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DiffReport, ModelDiff, ModelSqlDiff } from '../../shared/diff-types.js';
import { assayClient } from '../api/client-registry.js';
import { useGitStore } from './git-store.js';
import { useNavigationStore } from './navigation-store.js';
import { onBranchChange } from './on-branch-change.js';
import { useProjectStore } from './project-store.js';

export type ReviewTab = 'models' | 'query';
/** The SQL diff as written, or as it compiles (Jinja resolved). */
export type SqlDiffView = 'source' | 'compiled';

/** How a model differs, as the lineage graph marks it. */
export interface DiffBadge {
  status: ModelDiff['status'];
  change: ModelDiff['change'];
}

/**
 * Reviewing a branch: which two branches to compare, the diff of their environments, the model
 * being looked at, and ad-hoc query diffs between the same two environments.
 */
export const useReviewStore = defineStore('review', () => {
  const base = ref('main');
  /** null: the checked-out branch, uncommitted edits included. */
  const compare = ref<string | null>(null);
  const report = ref<DiffReport | null>(null);
  const running = ref(false);
  const error = ref<string | null>(null);
  const selectedModel = ref<string | null>(null);
  const tab = ref<ReviewTab>('models');
  const querySql = ref('');
  const queryKey = ref('');
  const queryDiff = ref<ModelDiff | null>(null);
  const queryRunning = ref(false);
  const queryError = ref<string | null>(null);
  /** The branches the shown report compared (the pickers may have moved on since). */
  const compared = ref<{ base: string; compare: string | null } | null>(null);
  const sqlDiff = ref<ModelSqlDiff | null>(null);
  const sqlDiffLoading = ref(false);
  const sqlDiffError = ref<string | null>(null);
  const sqlView = ref<SqlDiffView>('source');
  /** The lake's delivery dates: each side can be the checked-out branch as of one (`as-of~2024-08`). */
  const deliveries = ref<string[]>([]);
  /** Only the answer to the latest request is shown: the reviewer may click on before one arrives. */
  let sqlRequest = 0;

  /** What the branch changes, its own edits first, then what they ripple into. */
  const impacted = computed(() =>
    (report.value?.models ?? [])
      .filter((model) => model.status !== 'unchanged')
      .sort((a, b) => Number(a.change === 'indirect') - Number(b.change === 'indirect') || a.name.localeCompare(b.name)),
  );
  const selected = computed(() => report.value?.models.find((model) => model.name === selectedModel.value) ?? null);
  /** Diff badges by lineage node id (a diff names models, the graph knows them by id). */
  const badgeByNode = computed(() => {
    const badges = new Map<string, DiffBadge>();
    const models = useProjectStore().nodes.filter((node) => node.kind === 'model');
    for (const diff of impacted.value) {
      const node = models.find((candidate) => candidate.name === diff.name);
      badges.set(node?.id ?? diff.name, { status: diff.status, change: diff.change });
    }
    return badges;
  });

  async function open(): Promise<void> {
    const [, dated] = await Promise.all([useGitStore().refresh(), assayClient().lakeDeliveries({})]);
    deliveries.value = dated.ok ? dated.value.dates : [];
  }

  function chooseBase(branch: string): void {
    base.value = branch;
  }

  function chooseCompare(branch: string | null): void {
    compare.value = branch === useGitStore().currentBranch?.name ? null : branch;
  }

  async function run(): Promise<void> {
    if (running.value) return;
    running.value = true;
    error.value = null;
    const result = await assayClient().diffBranches({ base: base.value, ...(compare.value ? { compare: compare.value } : {}) });
    running.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    report.value = result.value;
    compared.value = { base: base.value, compare: compare.value };
    const stillThere = result.value.models.some((model) => model.name === selectedModel.value && model.status !== 'unchanged');
    if (!stillThere) selectedModel.value = impacted.value[0]?.name ?? null;
    await loadSqlDiff();
  }

  function selectModel(name: string): void {
    const changed = selectedModel.value !== name;
    selectedModel.value = name;
    tab.value = 'models';
    if (changed) void loadSqlDiff();
  }

  /** The selected model's SQL on the two branches the report compared. */
  async function loadSqlDiff(): Promise<void> {
    const request = ++sqlRequest;
    sqlDiff.value = null;
    sqlDiffError.value = null;
    const model = selectedModel.value;
    if (!model || !compared.value) return;
    sqlDiffLoading.value = true;
    const { base: from, compare: to } = compared.value;
    const result = await assayClient().modelSqlDiff({ base: from, model, ...(to ? { compare: to } : {}) });
    if (request !== sqlRequest) return;
    sqlDiffLoading.value = false;
    if (result.ok) sqlDiff.value = result.value;
    else sqlDiffError.value = result.error;
  }

  function showSqlAs(view: SqlDiffView): void {
    sqlView.value = view;
  }

  function showTab(next: ReviewTab): void {
    tab.value = next;
  }

  function showOnLineage(): void {
    useNavigationStore().showLineage();
  }

  function editQuery(sql: string): void {
    querySql.value = sql;
  }

  function editQueryKey(key: string): void {
    queryKey.value = key;
  }

  async function runQueryDiff(): Promise<void> {
    const sql = querySql.value.trim();
    if (!sql || queryRunning.value) return;
    queryRunning.value = true;
    queryError.value = null;
    const primaryKey = queryKey.value.split(',').map((column) => column.trim()).filter(Boolean);
    const result = await assayClient().diffQuery({
      base: base.value,
      sql,
      ...(compare.value ? { compare: compare.value } : {}),
      ...(primaryKey.length ? { primaryKey } : {}),
    });
    queryRunning.value = false;
    if (result.ok) queryDiff.value = result.value;
    else {
      queryDiff.value = null;
      queryError.value = result.error;
    }
  }

  // The diff compared the previous branch: this one has not been compared yet.
  onBranchChange(() => {
    compare.value = null;
    report.value = null;
    error.value = null;
    selectedModel.value = null;
    queryDiff.value = null;
    queryError.value = null;
    compared.value = null;
    sqlRequest += 1;
    sqlDiff.value = null;
    sqlDiffLoading.value = false;
    sqlDiffError.value = null;
  });

  return {
    base, compare, report, running, error, selectedModel, tab, querySql, queryKey, queryDiff, queryRunning, queryError,
    sqlDiff, sqlDiffLoading, sqlDiffError, sqlView, deliveries,
    impacted, selected, badgeByNode,
    open, chooseBase, chooseCompare, run, selectModel, showTab, showOnLineage, editQuery, editQueryKey, runQueryDiff, showSqlAs,
  };
});
