import path from 'node:path';
import type { ProjectError } from '../../shared/project-types.js';
import { compileProject } from '../core/compile/compile-project.js';
import { loadProject, type LoadOptions } from '../core/project/load-project.js';
import { UsageError } from './exit-codes.js';

export function formatProblem(e: Pick<ProjectError, 'file' | 'line' | 'message'> & { severity?: string }): string {
  const where = `${e.file}${e.line ? `:${e.line}` : ''}`;
  return `${e.severity === 'warning' ? 'warning' : 'error'}: ${where}: ${e.message}`;
}

/** Loads and compiles the project for a read-only command; a folder that is not a project is a usage error. */
export async function loadCompiled(projectDir: string, options: LoadOptions = {}) {
  const loaded = await loadProject(path.resolve(projectDir), options);
  if (!loaded.ok) throw new UsageError(loaded.errors.map(formatProblem).join('\n'));
  return compileProject(loaded.project);
}
