import path from 'node:path';
import { ProjectLoadError } from '../build/project-load-error.js';
import { loadProject } from '../project/load-project.js';

export interface WatchedGlob {
  /** As the source declares it (relative to the project, or absolute). */
  glob: string;
  /** Absolute, with `/` separators: what the file watcher is given. */
  absolute: string;
  /** The sources that read it: `lake.prescriptions`. */
  sources: string[];
}

export interface SourceGlobs {
  watched: WatchedGlob[];
  /** Sources whose data no file watcher here can see, and why: said, never silently left out. */
  notWatched: { source: string; reason: string }[];
}

/**
 * The files the project's sources read: the paths and globs of their `external_location`
 * (`read_csv('lake/2024-*.csv', header = true)` gives `lake/2024-*.csv`), for `assay watch`.
 */
export async function sourceGlobs(projectRoot: string): Promise<SourceGlobs> {
  const root = path.resolve(projectRoot);
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const byGlob = new Map<string, WatchedGlob>();
  const notWatched: SourceGlobs['notWatched'] = [];
  for (const node of loaded.project.nodes.values()) {
    if (node.kind !== 'source') continue;
    const name = `${node.sourceName}.${node.tableName}`;
    if (node.fileGlobs.length === 0) {
      notWatched.push({ source: name, reason: 'it reads a table, not files (no meta.external_location)' });
      continue;
    }
    // A dated source lists its deliveries' files: a new delivery lands where its pattern's glob matches.
    const globs = node.deliveries ? [...node.fileGlobs.filter((g) => !node.deliveries?.files?.some((f) => f.file === g)), node.deliveries.glob] : node.fileGlobs;
    for (const glob of globs) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(glob)) {
        notWatched.push({ source: name, reason: `${glob} is not on this machine; schedule assay refresh for it instead` });
        continue;
      }
      const absolute = (path.isAbsolute(glob) ? glob : path.join(root, glob)).split(path.sep).join('/');
      const entry = byGlob.get(absolute) ?? { glob, absolute, sources: [] };
      entry.sources.push(name);
      byGlob.set(absolute, entry);
    }
  }
  return { watched: [...byGlob.values()], notWatched };
}
