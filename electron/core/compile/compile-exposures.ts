import type { ProjectError } from '../../../shared/project-types.js';
import type { Exposure, Project } from '../project/project.js';
import type { ProjectSqlRenderer } from './project-renderer.js';

export interface CompiledExposure {
  exposure: Exposure;
  /** Ids of the nodes its `depends_on` names. */
  dependsOn: string[];
}

/**
 * Resolves each exposure's `depends_on` (`ref('x')`, `source('a', 'b')`) to node ids, as dbt does
 * when it parses: an entry that does not render, or names no node of the project, is an error naming
 * the exposure, its file and line.
 */
export function compileExposures(project: Project, renderer: ProjectSqlRenderer, errors: ProjectError[]): CompiledExposure[] {
  return project.exposures.map((exposure) => {
    const dependsOn = new Set<string>();
    for (const entry of exposure.dependsOn) {
      const rendered = renderer.render(`{{ ${entry} }}`, exposure.location.file);
      const read = rendered.ok ? [...rendered.capture.refs, ...[...rendered.capture.sources].map((s) => `source:${s}`)] : [];
      const missing = read.find((id) => !project.nodes.has(id));
      if (!rendered.ok || read.length === 0 || missing) {
        const why = !rendered.ok ? rendered.error.message : missing ? `it names no node of the project (${missing})` : 'it is not a ref() or source()';
        errors.push({ ...exposure.location, severity: 'error', message: `exposure '${exposure.name}': depends_on entry ${entry}: ${why}` });
        continue;
      }
      read.forEach((id) => dependsOn.add(id));
    }
    return { exposure, dependsOn: [...dependsOn] };
  });
}
