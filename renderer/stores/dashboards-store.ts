import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  DashboardComparison, DashboardPreview, DashboardSummary, ParameterValue, ParameterValues, PublishOutcome,
} from '../../shared/dashboard-types.js';
import type { ProjectError } from '../../shared/project-types.js';
import type { ReleaseVerdict } from '../../shared/release-types.js';
import { assayClient } from '../api/client-registry.js';
import { keepUnchangedElements } from '../dashboards/keep-unchanged-elements.js';
import { useNavigationStore } from './navigation-store.js';
import { onBranchChange } from './on-branch-change.js';
import { atCurrentCommit, perBranch } from './per-branch.js';
import { useShownTargetStore } from './shown-target-store.js';

export type DashboardMode = 'preview' | 'compare';

/**
 * The dashboards screen: the list, the open dashboard's parameters, its preview or comparison, and
 * publishing, from the local DuckDB environment or from the warehouse target shown (shown-target-store.ts).
 */
export const useDashboardsStore = defineStore('dashboards', () => {
  const list = ref<DashboardSummary[]>([]);
  const listErrors = ref<ProjectError[]>([]);
  const selected = ref<string | null>(null);
  const mode = ref<DashboardMode>('preview');
  const params = ref<ParameterValues>({});
  const baseBranch = ref('main');
  const preview = shallowRef<DashboardPreview | null>(null);
  const comparison = shallowRef<DashboardComparison | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const checkingGate = ref(false);
  const publishing = ref(false);
  /** The warehouse target the gate checks and the publish runs on; null: the local DuckDB environment. */
  const target = computed(() => useShownTargetStore().selected);
  /** The gate's verdict and the last publish of each branch and target: another was never checked nor published here. */
  const verdicts = perBranch<ReleaseVerdict>(() => target.value);
  const publishes = perBranch<PublishOutcome>(() => target.value);
  /** What the last "open the page / the folder" did: opened on the desktop, or only the path to give. */
  const openedPublished = ref<{ path: string; opened: boolean } | null>(null);
  const openError = ref<string | null>(null);
  /** Bumped by every query so that an answer to an older one is dropped. */
  let generation = 0;
  /** The open dashboard ran again when a build finished, before the project state that follows the build. */
  let refreshedAfterBuild = false;

  const current = computed(() => list.value.find((d) => d.name === selected.value) ?? null);
  const verdict = computed(() => atCurrentCommit(verdicts.current.value, (v) => v.commit));
  const published = computed(() => atCurrentCommit(publishes.current.value, (p) => p.verdict.commit));
  const canPublish = computed(() => verdict.value?.go === true && !publishing.value);

  /** Reads the list; opens the first dashboard when none is open. Says whether it opened one (and so ran it). */
  async function loadList(): Promise<boolean> {
    const result = await assayClient().listDashboards({});
    if (!result.ok) {
      error.value = result.error;
      return false;
    }
    list.value = result.value.dashboards;
    listErrors.value = result.value.errors;
    if (selected.value || !list.value[0]) return false;
    await open(list.value[0].name);
    return true;
  }

  /** The screen is shown: what it shows is run again, since a build or a switch may have happened meanwhile. */
  async function show(): Promise<void> {
    if (!(await loadList())) await refresh();
  }

  async function open(name: string): Promise<void> {
    selected.value = name;
    params.value = {};
    preview.value = null;
    comparison.value = null;
    await refresh();
  }

  async function setParam(name: string, value: ParameterValue): Promise<void> {
    params.value = { ...params.value, [name]: value };
    await refresh();
  }

  async function setMode(next: DashboardMode): Promise<void> {
    mode.value = next;
    await refresh();
  }

  async function setBaseBranch(branch: string): Promise<void> {
    baseBranch.value = branch;
    if (mode.value === 'compare') await refresh();
  }

  /** Runs the open dashboard again with the current parameters, in the current mode. */
  async function refresh(): Promise<void> {
    const name = selected.value;
    if (!name) return;
    const asked = ++generation;
    loading.value = true;
    error.value = null;
    const client = assayClient();
    const result = mode.value === 'preview'
      ? await client.previewDashboard({ name, params: params.value })
      : await client.compareDashboards({ name, base: baseBranch.value, params: params.value });
    if (asked !== generation) return;
    loading.value = false;
    if (!result.ok) {
      // Charts of an earlier run under this error would pass for this branch's.
      preview.value = null;
      comparison.value = null;
      error.value = result.error;
      return;
    }
    if ('environment' in result.value) preview.value = keepUnchangedElements(preview.value, result.value);
    else comparison.value = result.value;
  }

  /** Asks the release gate (it runs the tests), so the Publish button can say why it is disabled. */
  async function checkGate(): Promise<void> {
    const env = verdicts.key();
    checkingGate.value = true;
    const result = await assayClient().releaseCheck(target.value ? { target: target.value } : {});
    checkingGate.value = false;
    verdicts.set(env, result.ok ? result.value : { go: false, commit: null, report: null, reasons: [{ check: 'tests', ok: false, message: result.error }] });
    // The gate ran the tests, which brought the environment up to date: what the tiles show may have changed.
    await refresh();
  }

  /**
   * A build of this branch finished: the open dashboard, when on screen, runs again at once. The
   * project state announced after it (about 100 ms later: it reads every node's state) then only
   * refreshes the list.
   */
  async function built(): Promise<void> {
    if (!selected.value || useNavigationStore().screen !== 'dashboards') return;
    refreshedAfterBuild = true;
    await refresh();
  }

  /** The project changed on disk or was rebuilt: the open dashboard, when on screen, shows the new state. */
  async function projectChanged(): Promise<void> {
    if (!selected.value || useNavigationStore().screen !== 'dashboards') return;
    if (refreshedAfterBuild) {
      refreshedAfterBuild = false;
      await loadList();
      return;
    }
    await show();
  }

  async function publish(): Promise<void> {
    const env = publishes.key();
    publishing.value = true;
    const result = await assayClient().publishDashboards({ name: selected.value ?? undefined, ...(target.value ? { target: target.value } : {}) });
    publishing.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    openedPublished.value = null;
    openError.value = null;
    publishes.set(env, result.value);
    verdicts.set(env, result.value.verdict);
    await refresh();
  }

  async function openPublished(name: string, target: 'page' | 'folder'): Promise<void> {
    openError.value = null;
    const result = await assayClient().openPublished({ name, target });
    if (result.ok) openedPublished.value = result.value;
    else openError.value = result.error;
  }

  onBranchChange(() => {
    openedPublished.value = null;
    openError.value = null;
    generation += 1;
    loading.value = false;
    preview.value = null;
    comparison.value = null;
    error.value = null;
    // The project event that announced the switch runs the dashboard again (projectChanged).
  });

  return {
    list, listErrors, selected, mode, params, baseBranch, preview, comparison, loading, error, target, verdict, checkingGate, publishing, published,
    openedPublished, openError,
    current, canPublish, loadList, show, open, setParam, setMode, setBaseBranch, refresh, built, checkGate, publish, openPublished, projectChanged,
  };
});
