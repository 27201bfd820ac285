import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ReleaseVerdict, ReviewChecklist, Signoff } from '../../shared/release-types.js';
import { assayClient } from '../api/client-registry.js';
import { useBranchesStore } from './branches-store.js';
import { useGitStore } from './git-store.js';
import { useNavigationStore } from './navigation-store.js';
import { onBranchChange } from './on-branch-change.js';
import { atCurrentCommit, perBranch } from './per-branch.js';
import { useProjectStore } from './project-store.js';
import { useTestsStore } from './tests-store.js';

/**
 * Signing the latest test report off, the sign-offs of the commit, and the release gate's verdict.
 * A report is only worth signing when it tested the commit the branch is at now.
 */
export const useReleaseStore = defineStore('release', () => {
  const signoffs = ref<Signoff[]>([]);
  const signing = ref(false);
  const signError = ref<string | null>(null);
  const signMessage = ref('');
  /** The project's review checklist, and the items ticked so far (the review screen and the sign-off panel share them). */
  const checklist = ref<ReviewChecklist | null>(null);
  const checklistError = ref<string | null>(null);
  const ticked = ref<string[]>([]);
  /** The gate's verdict of each branch, shown while the branch is at the commit it judged. */
  const verdicts = perBranch<ReleaseVerdict>();
  const verdict = computed(() => atCurrentCommit(verdicts.current.value, (v) => v.commit));
  const checking = ref(false);
  const checkError = ref<string | null>(null);
  /** Counts finished release checks, so that a new verdict can be told from the previous one. */
  const finishedChecks = ref(0);

  /** Why the latest report should not be signed off as it is, or null when it can be. */
  const staleReason = computed(() => {
    const report = useTestsStore().report;
    const head = useGitStore().headCommit;
    if (!report) return 'There is no test report for this branch yet: run the tests first.';
    const earlier = useTestsStore().fromEarlierRuns.length;
    if (earlier > 0) return `The latest run measured only some of the tests (${earlier} results are from earlier runs): run all the tests to sign off one complete report.`;
    if (head && report.commit !== head) {
      return `The report tested ${report.commit?.slice(0, 8) ?? 'no commit'}, but ${report.branch ?? 'the branch'} is now at ${head.slice(0, 8)}: run the tests again to sign off the current commit.`;
    }
    return null;
  });
  const uncommittedWarning = computed(() => {
    const count = useBranchesStore().changedCount;
    return count > 0 ? `${count} file(s) have uncommitted changes: what was tested may not be what is committed.` : null;
  });

  /** What the report screen needs when it opens: the branch's position, the report, its sign-offs. */
  async function open(): Promise<void> {
    await Promise.all([useGitStore().refresh(), useTestsStore().loadLatest(), loadChecklist()]);
    await loadSignoffs();
  }

  async function loadChecklist(): Promise<void> {
    const result = await assayClient().reviewChecklist({});
    checklist.value = result.ok ? result.value : null;
    checklistError.value = result.ok ? null : result.error;
    const items = new Set(checklist.value?.items.map((entry) => entry.item));
    ticked.value = ticked.value.filter((item) => items.has(item));
  }

  function toggleCheck(item: string): void {
    ticked.value = ticked.value.includes(item) ? ticked.value.filter((other) => other !== item) : [...ticked.value, item];
  }

  async function loadSignoffs(): Promise<void> {
    const commit = useTestsStore().report?.commit ?? useGitStore().headCommit;
    if (!commit) {
      signoffs.value = [];
      return;
    }
    const result = await assayClient().listSignoffs({ commit });
    signoffs.value = result.ok ? result.value : [];
  }

  function editMessage(message: string): void {
    signMessage.value = message;
  }

  async function signOff(): Promise<void> {
    if (signing.value || staleReason.value) return;
    signing.value = true;
    signError.value = null;
    const message = signMessage.value.trim();
    const result = await assayClient().signOff({ ...(message ? { message } : {}), checked: ticked.value });
    signing.value = false;
    if (!result.ok) {
      signError.value = result.error;
      return;
    }
    signMessage.value = '';
    ticked.value = [];
    verdicts.forget(verdicts.key());
    await loadSignoffs();
  }

  async function check(): Promise<void> {
    if (checking.value) return;
    const env = verdicts.key();
    checking.value = true;
    checkError.value = null;
    verdicts.forget(env);
    const result = await assayClient().releaseCheck({});
    checking.value = false;
    finishedChecks.value += 1;
    if (result.ok) verdicts.set(env, result.value);
    else checkError.value = result.error;
    // The gate ran the tests again, building what it needed: that run is now the branch's latest report.
    await Promise.all([useTestsStore().loadLatest(), useProjectStore().refreshNodeStates()]);
  }

  // Another branch has its own sign-offs and its own verdict (kept for when it is checked out again).
  onBranchChange(() => {
    signoffs.value = [];
    signError.value = null;
    checkError.value = null;
    ticked.value = [];
    if (useNavigationStore().screen === 'report') void open();
  });

  return {
    signoffs, signing, signError, signMessage, checklist, checklistError, ticked, verdict, checking, checkError, finishedChecks, staleReason, uncommittedWarning,
    open, loadSignoffs, loadChecklist, toggleCheck, editMessage, signOff, check,
  };
});
