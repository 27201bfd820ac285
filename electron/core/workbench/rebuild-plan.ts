import type { Project } from '../project/project.js';

/** File types a project is read from: SQL, seeds and data files, YAML configuration, docs. */
const PROJECT_INPUT = /\.(sql|csv|tsv|ya?ml|parquet|json|jsonl|ndjson|md)$/i;

/** Whether a batch of changed files can change what the project is (and so needs a reload). */
export function touchesProject(files: string[]): boolean {
  return files.some((f) => PROJECT_INPUT.test(f));
}

export type RebuildPlan =
  | { kind: 'none' }
  /** Rebuild the changed models and seeds and everything downstream of them. */
  | { kind: 'select'; select: string[] }
  /** Configuration, macros, data or the set of files changed: build everything; unchanged fingerprints are reused, not rebuilt. */
  | { kind: 'all' };

/** What to rebuild after `files` changed, judged on the project as reloaded after the change. */
export function planRebuild(project: Project, files: string[]): RebuildPlan {
  // Dashboards are never built (their queries run when previewed): editing one calls for no build.
  const dashboardDirs = project.paths.dashboards.map((d) => `${d.replace(/^\.\//, '').replace(/\/+$/, '')}/`);
  const inputs = files.filter((f) => PROJECT_INPUT.test(f) && !/\.md$/i.test(f) && !dashboardDirs.some((d) => f.startsWith(d)));
  if (inputs.length === 0) return { kind: 'none' };
  const byFile = new Map<string, string>();
  for (const node of project.nodes.values()) {
    if (node.kind !== 'source') byFile.set(node.location.file, node.name);
  }
  const names = inputs.map((f) => byFile.get(f));
  // A file that is no node's (a macro, a schema.yml, a lake file, a deleted model) can change anything.
  if (names.some((n) => n === undefined)) return { kind: 'all' };
  return { kind: 'select', select: [...new Set(names as string[])].map((n) => `${n}+`) };
}

/** A plan that builds something. */
export type BuildPlan = Exclude<RebuildPlan, { kind: 'none' }>;
