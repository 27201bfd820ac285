import { watch } from 'vue';
import { useBranchesStore } from '../stores/branches-store.js';
import { useNavigationStore } from '../stores/navigation-store.js';
import { appRouter } from './app-router.js';

/**
 * Writes the checked-out branch into the URL: where the URL names none yet, and when the branch the
 * URL named is switched away from in the app. A URL naming some other branch (a reload after a
 * switch elsewhere, back past a switch, a link) is left as it is: LinkBranchNotice asks.
 */
export function followCheckedOutBranch(): void {
  const router = appRouter();
  const navigation = useNavigationStore();
  const branches = useBranchesStore();
  watch(
    () => [branches.current, navigation.linkBranch, navigation.screen] as const,
    ([now, named, screen], before) => {
      if (!now || screen === 'picker') return;
      const previous = before?.[0] ?? null;
      if (named === null || (named === previous && named !== now && previous !== null)) {
        void router.replace({ query: { ...router.currentRoute.value.query, branch: now } });
      }
    },
    { immediate: true },
  );
}
