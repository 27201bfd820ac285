import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { ChangedFile } from '../../shared/api.js';
import type { BranchInfo, CommitInfo, MergeResult } from '../../shared/git-types.js';
import { assayClient } from '../api/client-registry.js';
import { useBranchesStore } from './branches-store.js';

/** A merge asked for and not yet confirmed, or the outcome of the last one. */
export interface MergeRequest {
  branch: string;
  into: string;
}

/**
 * The git workflow beyond switching: branches with ahead/behind, the commit dialog (changed files,
 * their diffs, which to commit, the message), merging into main with its conflicts, and file history.
 */
export const useGitStore = defineStore('git', () => {
  const branches = ref<BranchInfo[]>([]);
  const error = ref<string | null>(null);
  const changedFiles = ref<ChangedFile[]>([]);
  const commitDialogOpen = ref(false);
  const chosenFiles = ref<string[]>([]);
  const shownDiff = ref<string | null>(null);
  const commitMessage = ref('');
  const committing = ref(false);
  const commitError = ref<string | null>(null);
  const lastCommit = ref<string | null>(null);
  const pendingMerge = ref<MergeRequest | null>(null);
  const merging = ref(false);
  const mergeResult = ref<(MergeResult & MergeRequest) | null>(null);
  const mergeError = ref<string | null>(null);
  const history = ref<CommitInfo[]>([]);
  const historyFor = ref<string | null>(null);
  const historyError = ref<string | null>(null);

  const currentBranch = computed(() => branches.value.find((branch) => branch.current) ?? null);
  const headCommit = computed(() => currentBranch.value?.commit ?? null);
  const conflict = computed(() => (mergeResult.value?.kind === 'conflict' ? mergeResult.value : null));
  const shownFile = computed(() => changedFiles.value.find((file) => file.path === shownDiff.value) ?? null);
  const canCommit = computed(() => chosenFiles.value.length > 0 && commitMessage.value.trim().length > 0 && !committing.value);

  async function refresh(): Promise<void> {
    const result = await assayClient().listBranches({});
    if (result.ok) branches.value = result.value;
    else error.value = result.error;
  }

  async function openCommitDialog(): Promise<void> {
    commitError.value = null;
    commitDialogOpen.value = true;
    const result = await assayClient().changedFiles({});
    if (!result.ok) {
      commitError.value = result.error;
      return;
    }
    changedFiles.value = result.value;
    chosenFiles.value = result.value.map((file) => file.path);
    shownDiff.value = result.value[0]?.path ?? null;
  }

  function closeCommitDialog(): void {
    commitDialogOpen.value = false;
  }

  function toggleFile(path: string): void {
    chosenFiles.value = chosenFiles.value.includes(path) ? chosenFiles.value.filter((file) => file !== path) : [...chosenFiles.value, path];
  }

  function showDiff(path: string): void {
    shownDiff.value = path;
  }

  function editMessage(message: string): void {
    commitMessage.value = message;
  }

  async function commit(): Promise<void> {
    if (!canCommit.value) return;
    committing.value = true;
    commitError.value = null;
    const result = await assayClient().commitFiles({ files: chosenFiles.value, message: commitMessage.value.trim() });
    committing.value = false;
    if (!result.ok) {
      commitError.value = result.error;
      return;
    }
    lastCommit.value = result.value.commit;
    commitMessage.value = '';
    commitDialogOpen.value = false;
    await Promise.all([refresh(), useBranchesStore().refresh()]);
  }

  function askToMerge(branch: string, into = 'main'): void {
    pendingMerge.value = { branch, into };
    mergeError.value = null;
  }

  function cancelMerge(): void {
    pendingMerge.value = null;
  }

  async function merge(): Promise<void> {
    const request = pendingMerge.value;
    if (!request || merging.value) return;
    merging.value = true;
    mergeError.value = null;
    mergeResult.value = null;
    const result = await assayClient().mergeBranch(request);
    merging.value = false;
    pendingMerge.value = null;
    if (result.ok) mergeResult.value = { ...result.value, ...request };
    else mergeError.value = result.error;
    await Promise.all([refresh(), useBranchesStore().refresh()]);
  }

  async function abortMerge(): Promise<void> {
    const result = await assayClient().abortMerge({});
    if (result.ok) mergeResult.value = null;
    else mergeError.value = result.error;
    await Promise.all([refresh(), useBranchesStore().refresh()]);
  }

  function dismissMerge(): void {
    mergeResult.value = null;
    mergeError.value = null;
  }

  async function loadHistory(node: string): Promise<void> {
    historyFor.value = node;
    historyError.value = null;
    const result = await assayClient().fileHistory({ node });
    if (historyFor.value !== node) return;
    if (result.ok) history.value = result.value;
    else {
      history.value = [];
      historyError.value = result.error;
    }
  }

  // A commit, merge or switch (here, on the command line, in another tool) moves the branches.
  watch(() => JSON.stringify(useBranchesStore().git), () => {
    void refresh();
    if (historyFor.value) void loadHistory(historyFor.value);
  });

  return {
    branches, error, changedFiles, commitDialogOpen, chosenFiles, shownDiff, commitMessage, committing, commitError, lastCommit,
    pendingMerge, merging, mergeResult, mergeError, history, historyFor, historyError,
    currentBranch, headCommit, conflict, shownFile, canCommit,
    refresh, openCommitDialog, closeCommitDialog, toggleFile, showDiff, editMessage, commit, askToMerge, cancelMerge, merge, abortMerge, dismissMerge, loadHistory,
  };
});
