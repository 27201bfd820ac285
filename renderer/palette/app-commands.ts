import { computed, type ComputedRef } from 'vue';
import type { NodeKind, TestStage } from '../../shared/project-types.js';
import { useBranchesStore } from '../stores/branches-store.js';
import { useBuildStore } from '../stores/build-store.js';
import { useConsoleStore } from '../stores/console-store.js';
import { useDashboardsStore } from '../stores/dashboards-store.js';
import { useGitStore } from '../stores/git-store.js';
import { useLineageStore } from '../stores/lineage-store.js';
import { useModelStore } from '../stores/model-store.js';
import { useNavigationStore } from '../stores/navigation-store.js';
import { usePackagesStore } from '../stores/packages-store.js';
import { usePaletteStore } from '../stores/palette-store.js';
import { usePreviewStore } from '../stores/preview-store.js';
import { useProjectStore } from '../stores/project-store.js';
import { useReleaseStore } from '../stores/release-store.js';
import { useReviewStore } from '../stores/review-store.js';
import { useTestsStore } from '../stores/tests-store.js';
import { useWarehouseStore } from '../stores/warehouse-store.js';
import { SCREEN_KEYS, SHORTCUTS } from './shortcuts.js';

export type CommandSection = 'Action' | 'Screen' | 'Branch' | 'Model' | 'Source' | 'Seed' | 'Dashboard' | 'Exposure';

/** One entry of the command palette. */
export interface PaletteCommand {
  id: string;
  title: string;
  section: CommandSection;
  /** A second, quieter line: a node's file, what the action does. */
  detail?: string;
  keywords?: string;
  /** A key of shortcuts.ts, shown beside the title. */
  shortcut?: string;
  /** Why it cannot run now; the entry is listed, greyed, with the reason. */
  disabled?: string | null;
  run: () => unknown;
}

const KIND_SECTION: Record<NodeKind, CommandSection> = {
  model: 'Model',
  source: 'Source',
  seed: 'Seed',
  dashboard: 'Dashboard',
  exposure: 'Exposure',
};

const STAGES: { stage: TestStage; title: string }[] = [
  { stage: 'input', title: 'input' },
  { stage: 'business-logic', title: 'business-logic' },
  { stage: 'output', title: 'output' },
];

/**
 * Everything the palette offers, from what the stores already do: the screens, the actions of each
 * screen, switching branch, and every node of the project. Computed, so it follows the app's state
 * (an action that cannot run says why).
 */
export function useAppCommands(): ComputedRef<PaletteCommand[]> {
  const project = useProjectStore();
  const navigation = useNavigationStore();
  const build = useBuildStore();
  const model = useModelStore();
  const tests = useTestsStore();
  const review = useReviewStore();
  const release = useReleaseStore();
  const git = useGitStore();
  const branches = useBranchesStore();
  const dashboards = useDashboardsStore();
  const packages = usePackagesStore();
  const lineage = useLineageStore();
  const palette = usePaletteStore();
  const preview = usePreviewStore();
  const sqlConsole = useConsoleStore();
  const warehouse = useWarehouseStore();

  const showShortcuts: PaletteCommand = {
    id: 'show-shortcuts', title: 'Show keyboard shortcuts', section: 'Action', shortcut: SHORTCUTS.help, keywords: 'help keys keyboard',
    run: () => palette.show('shortcuts'),
  };
  const openProject: PaletteCommand = {
    id: 'open-project', title: 'Open another project…', section: 'Action', keywords: 'folder repository picker switch project',
    run: () => navigation.showPicker(),
  };

  /** The Warehouse screen's actions on its target (issue 16): listed before the profile is read, refused with the reason once it says there is no target. */
  function warehouseCommands(): PaletteCommand[] {
    const noTarget = warehouse.profile && warehouse.warehouseTargets.length === 0 ? 'No type: postgres target in profiles.yml' : null;
    const disabled = noTarget ?? (warehouse.running ? 'A warehouse operation is running' : null);
    const on = warehouse.target ? ` on ${warehouse.target.name}` : ' on the warehouse';
    const act = (work: () => Promise<void>) => async () => {
      navigation.show('warehouse');
      await warehouse.ensureLoaded();
      if (warehouse.target && !warehouse.target.problem) await work();
    };
    const current = branches.current;
    return [
      { id: 'warehouse-build', title: `Build this branch${on}`, section: 'Action', detail: 'Warehouse: a branch environment on the PostgreSQL target', keywords: 'warehouse postgres target build', disabled, run: act(() => warehouse.build()) },
      { id: 'warehouse-test', title: `Run the tests${on}`, section: 'Action', detail: 'Warehouse: builds this branch there, then tests it', keywords: 'warehouse postgres target test', disabled, run: act(() => warehouse.runTests()) },
      {
        id: 'warehouse-diff', title: `Compare this branch with main${on}`, section: 'Action', detail: 'Warehouse: both environments compared on the server', keywords: 'warehouse postgres target diff',
        disabled: disabled ?? (current === 'main' ? 'This is main' : null), run: act(() => warehouse.diffAgainst('main')),
      },
    ];
  }

  return computed(() => {
    if (!project.state) return [showShortcuts];
    const busyBuilding = build.running ? 'A build is running' : null;
    const testsBusy = tests.running ? 'The tests are running' : busyBuilding;
    const current = branches.current;
    const failing = tests.report ? tests.report.summary.fail + tests.report.summary.error : 0;

    const actions: PaletteCommand[] = [
      build.running
        ? { id: 'cancel-build', title: 'Cancel the build', section: 'Action', keywords: 'stop abort', run: () => build.cancel() }
        : { id: 'build', title: 'Build this branch', section: 'Action', shortcut: SHORTCUTS.build, keywords: 'run materialize environment', run: () => build.start() },
    ];
    if (navigation.screen === 'node' && model.nodeId) {
      actions.push({
        id: 'save-model', title: 'Save the model', section: 'Action', shortcut: SHORTCUTS.save, detail: model.nodeId,
        disabled: model.isDirty ? null : 'No unsaved changes', keywords: 'write file sql', run: () => model.save(),
      });
    }
    if (navigation.screen === 'node' && preview.nodeId) {
      actions.push({
        id: 'sql-console', title: 'Open the SQL console', section: 'Action', detail: 'One read-only SELECT on this branch’s environment',
        keywords: 'query sql select duckdb console', run: () => sqlConsole.show(),
      });
    }
    actions.push({
      id: 'run-tests', title: 'Run all tests', section: 'Action', keywords: 'test check', disabled: testsBusy,
      run: () => { navigation.show('tests'); return tests.run(); },
    });
    for (const { stage, title } of STAGES) {
      actions.push({
        id: `run-stage-${stage}`, title: `Run the ${title} tests`, section: 'Action', detail: `Only the ${title} stage; the other results stay`,
        keywords: 'test stage', disabled: testsBusy,
        run: () => { navigation.show('tests'); return tests.run(stage); },
      });
    }
    if (failing > 0) {
      actions.push({
        id: 'first-failing', title: 'Open the first failing test', section: 'Action', detail: `${failing} failing`, keywords: 'tests failure error',
        run: () => { const opened = tests.openFirstFailing(); navigation.show('tests'); return opened; },
      });
    }
    actions.push(
      {
        id: 'review-run', title: `Compare this branch with ${review.base}`, section: 'Action', detail: 'The Review screen: what the branch changes',
        keywords: 'diff review changes', disabled: review.running ? 'A comparison is running' : busyBuilding,
        run: () => { navigation.show('review'); return review.run(); },
      },
      {
        id: 'release-check', title: 'Check the release gate', section: 'Action', detail: 'Report & release: runs the tests, says go or no-go',
        keywords: 'go no-go verdict report', disabled: release.checking ? 'The gate is being checked' : busyBuilding,
        run: () => { navigation.show('report'); return release.check(); },
      },
      {
        id: 'sign-off', title: 'Sign the report off…', section: 'Action', detail: 'Report & release', keywords: 'approve signoff review',
        run: async () => {
          navigation.show('report');
          await release.open();
          document.querySelector<HTMLElement>('[data-testid="signoff-message"]')?.focus();
        },
      },
      {
        id: 'commit', title: 'Commit changes…', section: 'Action', keywords: 'git save',
        detail: branches.changedCount ? `${branches.changedCount} changed file(s)` : undefined,
        disabled: branches.changedCount === 0 ? 'Nothing to commit' : null,
        run: () => { navigation.show('git'); return git.openCommitDialog(); },
      },
    );
    if (current && current !== 'main') {
      actions.push({
        id: 'merge', title: `Merge ${current} into main…`, section: 'Action', keywords: 'git merge', disabled: busyBuilding,
        run: () => { navigation.show('git'); git.askToMerge(current); },
      });
    }
    actions.push(
      {
        id: 'publish', title: 'Publish the dashboards', section: 'Action', detail: 'Checks the release gate first; refuses with its reasons',
        keywords: 'release dashboards export', disabled: dashboards.publishing ? 'Publishing' : dashboards.checkingGate ? 'The gate is being checked' : null,
        run: async () => {
          navigation.show('dashboards');
          await dashboards.show();
          if (!dashboards.verdict) await dashboards.checkGate();
          if (dashboards.canPublish) await dashboards.publish();
        },
      },
      {
        id: 'install-packages', title: 'Install packages', section: 'Action', detail: 'assay deps: the packages packages.yml declares',
        keywords: 'deps dependencies dbt', disabled: packages.installing ? 'Installing' : busyBuilding,
        run: () => { navigation.show('packages'); return packages.install(); },
      },
      ...warehouseCommands(),
      showShortcuts,
      openProject,
    );

    const screens: PaletteCommand[] = SCREEN_KEYS.map(({ screen, title, key }) => ({
      id: `screen-${screen}`, title: `Go to ${title}`, section: 'Screen', shortcut: key, keywords: `screen open show ${screen}`,
      run: () => navigation.show(screen),
    }));

    const switches: PaletteCommand[] = branches.branches
      .filter((branch) => branch !== current)
      .map((branch) => ({
        id: `switch-${branch}`, title: `Switch to ${branch}`, section: 'Branch', keywords: 'branch checkout git',
        disabled: build.running ? 'A build is running' : branches.busy ? 'A switch is under way' : null,
        run: () => branches.switchTo(branch),
      }));

    const nodes: PaletteCommand[] = [...project.nodes]
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
      .map((node) => ({
        id: `node-${node.id}`, title: node.name, section: KIND_SECTION[node.kind], detail: node.location.file,
        keywords: `open ${node.kind} ${node.id} ${node.location.file}`,
        run: () => lineage.open(node.id),
      }));

    return [...actions, ...screens, ...switches, ...nodes];
  });
}
