import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listProjectFiles } from '../project/project-files.js';
import type { Project } from '../project/project.js';
import type { Dashboard } from './dashboard.js';
import { loadDashboardsOf } from './dashboard-source.js';

/**
 * The dashboards of the open project, loaded again only when the project was reloaded or a
 * dashboard file changed (added, removed, or a new size or modification time): a parameter change
 * in the UI then costs the queries, not compiling the project and validating every spec again.
 */
export class DashboardCache {
  private project: Project | null = null;
  private key = '';
  private loaded: Promise<Dashboard[]> | null = null;

  async get(project: Project): Promise<Dashboard[]> {
    const key = await filesKey(project);
    if (!this.loaded || project !== this.project || key !== this.key) {
      this.project = project;
      this.key = key;
      this.loaded = loadDashboardsOf(project).catch((err: unknown) => {
        this.loaded = null;
        throw err;
      });
    }
    return this.loaded;
  }
}

async function filesKey(project: Project): Promise<string> {
  const files = await listProjectFiles(project.root, project.paths.dashboards, ['.yml', '.yaml']);
  const stamps = await Promise.all(files.map(async (file) => {
    const s = await stat(path.join(project.root, file)).catch(() => null);
    return `${file}:${s?.size ?? -1}:${s?.mtimeMs ?? -1}`;
  }));
  return stamps.join('|');
}
