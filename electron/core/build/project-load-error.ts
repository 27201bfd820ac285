import type { ProjectError } from '../../../shared/project-types.js';

/** The folder could not be read as a project at all (no dbt_project.yml, or an invalid one). */
export class ProjectLoadError extends Error {
  constructor(readonly errors: ProjectError[]) {
    super(errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n'));
  }
}
