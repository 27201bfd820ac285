import type { ApiEvent } from '../../shared/api.js';
import type { AssayClient, Unsubscribe } from '../api/assay-client.js';
import { assertNever } from '../util/assert-never.js';
import { useBranchesStore } from './branches-store.js';
import { useBuildStore } from './build-store.js';
import { useDashboardsStore } from './dashboards-store.js';
import { useModelStore } from './model-store.js';
import { usePackagesStore } from './packages-store.js';
import { useProjectStore } from './project-store.js';
import { refreshVisibleNode } from './refresh-visible-node.js';
import { useTestsStore } from './tests-store.js';
import { useWarehouseStore } from './warehouse-store.js';

/** Hands every event the core pushes to the store that owns that part of the state. */
export function routeEvents(client: AssayClient): Unsubscribe {
  return client.onEvent((event) => void applyEvent(event));
}

async function applyEvent(event: ApiEvent): Promise<void> {
  switch (event.event) {
    case 'build':
      useBuildStore().applyEvent(event.payload);
      return;
    case 'git':
      useBranchesStore().apply(event.payload);
      return;
    case 'project': {
      const project = useProjectStore();
      const envChanged = project.env !== event.payload.env;
      project.apply(event.payload);
      await Promise.all([refreshVisibleNode({ data: envChanged }), useDashboardsStore().projectChanged(), usePackagesStore().projectChanged()]);
      return;
    }
    case 'files': {
      const model = useModelStore();
      if (model.detail && event.payload.changed.includes(model.detail.file)) await model.reload();
      return;
    }
    case 'test':
      useTestsStore().applyResult(event.payload);
      return;
    case 'tests':
      useTestsStore().applyRun(event.payload);
      return;
    case 'deps':
      usePackagesStore().applyProgress(event.payload.line);
      return;
    case 'warehouse':
      useWarehouseStore().applyProgress(event.payload);
      return;
    default:
      assertNever(event);
  }
}
