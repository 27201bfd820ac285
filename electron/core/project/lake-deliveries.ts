import type { LakeDeliveries } from '../../../shared/delivery-types.js';
import { deliveryFolders } from './dated-deliveries.js';
import { loadProject } from './load-project.js';

/** The deliveries the working tree's dated sources hold, for choosing an as-of environment. */
export async function lakeDeliveries(projectRoot: string): Promise<LakeDeliveries> {
  const loaded = await loadProject(projectRoot);
  if (!loaded.ok) return { dates: [], sources: [] };
  const sources = [...loaded.project.nodes.values()].flatMap((node) =>
    node.kind === 'source' && node.deliveries ? [{ source: node.name, column: node.deliveries.column, dates: deliveryFolders(node) }] : [],
  );
  return { dates: [...new Set(sources.flatMap((s) => s.dates))].sort(), sources };
}
