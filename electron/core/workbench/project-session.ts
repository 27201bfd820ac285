import path from 'node:path';
import type { ProjectNodeSummary, ProjectSummary } from '../../../shared/project-types.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { compileProject } from '../compile/compile-project.js';
import { dashboardLineageNodes } from '../dashboards/dashboard-lineage.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { loadProject } from '../project/load-project.js';
import { withModelsReread } from '../project/reread-models.js';
import { describeContract } from '../contracts/contract-state.js';
import type { Project } from '../project/project.js';

/** The open project as last read from disk: loaded, compiled, and summarised for the UI. */
export interface ProjectSnapshot {
  project: Project;
  compiled: CompiledProject;
  summary: ProjectSummary;
}

/** What changed since a snapshot that read the whole folder: the files, relative to the project. */
export interface SnapshotChange {
  previous: ProjectSnapshot;
  files: readonly string[];
}

/**
 * Reads the project folder; a folder that is not a project at all throws with every reason. After
 * a change to models' SQL alone (an analyst's save), only those files are read again.
 */
export async function readProjectSnapshot(dir: string, change?: SnapshotChange): Promise<ProjectSnapshot> {
  const reread = change ? await withModelsReread(change.previous.project, change.files) : null;
  if (reread && change) {
    const { compiled } = compileProject(reread);
    const summary = summarize(compiled);
    // Dashboards read models by name, and no name, dashboard or macro changed.
    summary.nodes.push(...change.previous.summary.nodes.filter((node) => node.kind === 'dashboard'));
    return { project: reread, compiled, summary };
  }
  const loaded = await loadProject(path.resolve(dir));
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const { compiled, renderer } = compileProject(loaded.project);
  const summary = summarize(compiled);
  summary.nodes.push(...(await dashboardLineageNodes(loaded.project, renderer)));
  return { project: loaded.project, compiled, summary };
}

function summarize(compiled: CompiledProject): ProjectSummary {
  const nodes: ProjectNodeSummary[] = compiled.order.flatMap((id) => {
    const node = compiled.nodes.get(id);
    if (!node) return [];
    const described = node.source.kind === 'model' ? describeContract(node.source, node.config, node.materialization) : { columns: node.source.columns };
    return [{
      id: node.id,
      name: node.name,
      kind: node.kind,
      materialization: node.materialization,
      dependsOn: node.dependsOn,
      description: node.source.description,
      ...described,
      tags: node.config.tags,
      location: node.source.location,
    }];
  });
  for (const { exposure, dependsOn } of compiled.exposures) {
    const { name, type, label, description, url, owner, location } = exposure;
    nodes.push({ id: `exposure:${name}`, name, kind: 'exposure', materialization: 'exposure', dependsOn, description: label && description ? `${label}: ${description}` : (description ?? label), columns: [], tags: [], location, exposure: { type, url, owner } });
  }
  const { project } = compiled;
  return { name: project.name, root: project.root, nodes, tests: project.tests, errors: compiled.errors };
}
