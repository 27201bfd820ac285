import type { NodeKind, ProjectNodeSummary } from '../../shared/project-types.js';
import { naturalCompare } from './natural-order.js';

export interface SidebarFolder {
  /** Unique among the sidebar's groups: `<kind>/<folder>`. */
  key: string;
  /** The path under the kind's top folder (`marts`, `staging/crm`), or '' for the top folder itself. */
  folder: string;
  nodes: ProjectNodeSummary[];
}

export interface SidebarSection {
  kind: NodeKind;
  title: string;
  folders: SidebarFolder[];
  count: number;
}

const SECTIONS: { kind: NodeKind; title: string }[] = [
  { kind: 'source', title: 'Sources' },
  { kind: 'seed', title: 'Seeds' },
  { kind: 'model', title: 'Models' },
  { kind: 'dashboard', title: 'Dashboards' },
  { kind: 'exposure', title: 'Exposures' },
];

/** Where a node is filed: a source under its source's name, anything else under its file's folder below the project's top folder. */
export function folderOf(node: Pick<ProjectNodeSummary, 'kind' | 'name' | 'location'>): string {
  if (node.kind === 'source') return node.name.includes('.') ? node.name.slice(0, node.name.lastIndexOf('.')) : '';
  const parts = node.location.file.split(/[\\/]/).slice(0, -1);
  return parts.slice(1).join('/');
}

/**
 * The sidebar's tree: kinds, then folders, each in natural order, keeping only the nodes whose name
 * or folder contains every word of `filter`.
 */
export function sidebarSections(nodes: readonly ProjectNodeSummary[], filter = ''): SidebarSection[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (node: ProjectNodeSummary, folder: string) => words.every((word) => node.name.toLowerCase().includes(word) || folder.toLowerCase().includes(word));
  return SECTIONS.map(({ kind, title }) => {
    const byFolder = new Map<string, ProjectNodeSummary[]>();
    for (const node of nodes) {
      if (node.kind !== kind) continue;
      const folder = folderOf(node);
      if (!matches(node, folder)) continue;
      const members = byFolder.get(folder);
      if (members) members.push(node);
      else byFolder.set(folder, [node]);
    }
    const folders = [...byFolder.entries()]
      .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : naturalCompare(a, b)))
      .map(([folder, members]) => ({ key: `${kind}/${folder}`, folder, nodes: members.sort((a, b) => naturalCompare(a.name, b.name)) }));
    return { kind, title, folders, count: folders.reduce((sum, folder) => sum + folder.nodes.length, 0) };
  }).filter((section) => section.count > 0);
}
