import path from 'node:path';
import type { ProjectNodeSummary } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import { listProjectFiles } from '../project/project-files.js';
import type { Project } from '../project/project.js';
import { readYamlFile } from '../project/yaml-file.js';
import { dashboardId } from './dashboard.js';
import { dashboardFileSchema } from './dashboard-schema.js';

/**
 * Dashboards as lineage nodes (like dbt exposures): one `dashboard:<name>` node reading the nodes its
 * queries `ref()`. They live only in the project summary the UI draws, never in the compiled graph,
 * so a build never materialises them. Specs are not validated here (listDashboards reports those
 * problems): the lineage is read on every project load and must stay cheap.
 */
export async function dashboardLineageNodes(project: Project, renderer: ProjectSqlRenderer): Promise<ProjectNodeSummary[]> {
  const files = await listProjectFiles(project.root, project.paths.dashboards, ['.yml', '.yaml']);
  const nodes: ProjectNodeSummary[] = [];
  for (const file of files) {
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const parsed = await readYamlFile(project.root, file, dashboardFileSchema).catch(() => null);
    const value = parsed?.ok ? parsed.yaml.value : null;
    const queries = value ? [...value.elements.map((e) => e.query), ...(value.parameters ?? []).flatMap((p) => (p.type === 'select' && p.options_query ? [p.options_query] : []))] : [];
    const reads = new Set<string>();
    for (const query of queries) {
      const rendered = renderer.render(query, file);
      if (!rendered.ok) continue;
      rendered.capture.refs.forEach((r) => reads.add(r));
      rendered.capture.sources.forEach((s) => reads.add(`source:${s}`));
    }
    nodes.push({
      id: dashboardId(name), name, kind: 'dashboard', materialization: 'dashboard', dependsOn: [...reads].filter((id) => project.nodes.has(id)),
      description: value?.title, columns: [], tags: [], location: { file, line: 1 },
    });
  }
  return nodes;
}
