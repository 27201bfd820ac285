import path from 'node:path';
import { readTextFile } from './file-text.js';
import type { Project } from './project.js';

/**
 * The project after a change to the SQL of some of its own models, and nothing else: the same
 * project with those models' SQL read again. Loading reads nothing else from a model's file (its
 * `config()` calls are applied when compiling), so this is what a whole load would give, without
 * its globs, YAML parses and lake listings. Null when the change is anything else (a file added or
 * removed, YAML, a macro, a seed, a snapshot, a Python model, a package's file): that takes a whole load.
 */
export async function withModelsReread(project: Project, changed: readonly string[]): Promise<Project | null> {
  if (changed.length === 0) return null;
  const byFile = new Map([...project.nodes.values()].filter((node) => node.kind === 'model').map((node) => [node.location.file, node]));
  const nodes = new Map(project.nodes);
  for (const file of changed) {
    const model = byFile.get(file);
    if (!model || model.kind !== 'model' || model.package || !file.endsWith('.sql') || !inside(project.paths.models, file)) return null;
    const rawSql = await readTextFile(path.join(project.root, file)).catch(() => null);
    // Removed (or unreadable) since the change was seen: a whole load reports it.
    if (rawSql === null) return null;
    nodes.set(model.id, { ...model, rawSql });
  }
  return { ...project, nodes };
}

function inside(folders: readonly string[], file: string): boolean {
  return folders.some((folder) => file.startsWith(`${folder.replace(/\/+$/, '')}/`));
}
