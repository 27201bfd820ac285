import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../../shared/api.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';

const MAX_RECENT = 12;

const recentFileSchema = z.array(z.object({ dir: z.string(), name: z.string(), openedAt: z.string() }));

/** The projects opened lately, newest first, kept in `<ASSAY_HOME>/recent-projects.json`. */
export class RecentProjects {
  constructor(private readonly file: string) {}

  static inHome(home: string): RecentProjects {
    return new RecentProjects(path.join(home, 'recent-projects.json'));
  }

  async list(): Promise<RecentProject[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '[]');
    try {
      const parsed = recentFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : [];
    } catch {
      // A damaged list only costs the user their history; it must not stop the app from starting.
      return [];
    }
  }

  async add(dir: string, name: string): Promise<RecentProject[]> {
    const entry: RecentProject = { dir, name, openedAt: new Date().toISOString() };
    const next = [entry, ...(await this.list()).filter((p) => p.dir !== dir)].slice(0, MAX_RECENT);
    await writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  }
}
