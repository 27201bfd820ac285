import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DepsOutcome, PackageList, PackageProblem } from '../../shared/package-types.js';
import { assayClient } from '../api/client-registry.js';
import { useNavigationStore } from './navigation-store.js';

/** The last lines shown while packages install; a long fetch log keeps only its tail. */
const MAX_PROGRESS_LINES = 200;

/** The packages screen: what the project declares and has installed, and running `assay deps` (issue 14). */
export const usePackagesStore = defineStore('packages', () => {
  const list = shallowRef<PackageList | null>(null);
  const loading = ref(false);
  /** An operation that could not run at all (no project, a build running). */
  const error = ref<string | null>(null);
  const installing = ref(false);
  const progress = ref<string[]>([]);
  const outcome = shallowRef<DepsOutcome | null>(null);
  /** What stopped the last install, naming the package or the file and line. */
  const failure = shallowRef<PackageProblem[] | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const result = await assayClient().listPackages({});
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    list.value = result.value;
  }

  /** Runs `assay deps` (with `--upgrade` when asked) on the open project; the core reloads the project after it. */
  async function install(upgrade = false): Promise<void> {
    installing.value = true;
    progress.value = [];
    outcome.value = null;
    failure.value = null;
    error.value = null;
    const result = await assayClient().installPackages({ upgrade });
    installing.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    if (result.value.outcome === 'failed') {
      failure.value = result.value.problems;
      await load();
      return;
    }
    outcome.value = result.value.deps;
    list.value = result.value.packages;
  }

  function applyProgress(line: string): void {
    progress.value = [...progress.value, line].slice(-MAX_PROGRESS_LINES);
  }

  /** The project was reloaded (by an install here, `assay deps` in a terminal, an edit of packages.yml): re-read when on screen. */
  async function projectChanged(): Promise<void> {
    if (useNavigationStore().screen !== 'packages' || installing.value) return;
    await load();
  }

  return { list, loading, error, installing, progress, outcome, failure, load, install, applyProgress, projectChanged };
});
