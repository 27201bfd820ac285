import { createHash } from 'node:crypto';
import type { ModelNode, Project } from '../project/project.js';

/** What the first render of a model found: what it reads and the config() it called. */
export interface Discovered {
  refs: string[];
  sources: string[];
  config: Record<string, unknown>;
}

interface Entry {
  rawSql: string;
  configKey: string;
  discovered?: Discovered;
  /** The relation text each `ref`/`source` (and `this`) rendered to in the final render, and its SQL. */
  final?: Rendered;
  /** The same for the render the build runs (sources read from their store snapshots). */
  exec?: Rendered;
}

interface Rendered {
  used: Map<string, string>;
  sql: string;
}

/**
 * Renders of the last compile of each project, kept in the process so that compiling again after
 * an edit renders only what the edit touches. A model's renders are reused while its template, its
 * config, the project's macros and vars are the same, and (for the final SQL) every relation it
 * read renders the same; a template that read the environment or the clock is never reused.
 */
export class RenderMemo {
  private static readonly byProject = new Map<string, RenderMemo>();
  private readonly entries = new Map<string, Entry>();

  private constructor(private readonly contextKey: string) {}

  static of(project: Project): RenderMemo {
    const key = contextKeyOf(project);
    const known = RenderMemo.byProject.get(project.root);
    if (known?.contextKey === key) return known;
    const memo = new RenderMemo(key);
    RenderMemo.byProject.set(project.root, memo);
    return memo;
  }

  discovered(model: ModelNode): Discovered | undefined {
    return this.current(model)?.discovered;
  }

  rememberDiscovered(model: ModelNode, discovered: Discovered): void {
    this.entries.set(model.id, { rawSql: model.rawSql, configKey: configKey(model), discovered });
  }

  finalSql(model: ModelNode, relationOf: (name: string) => string | undefined): string | undefined {
    return stillRendersTo(this.current(model)?.final, relationOf);
  }

  rememberFinal(model: ModelNode, used: Map<string, string>, sql: string): void {
    const entry = this.current(model);
    if (entry) entry.final = { used, sql };
  }

  execSql(model: ModelNode, relationOf: (name: string) => string | undefined): string | undefined {
    return stillRendersTo(this.current(model)?.exec, relationOf);
  }

  rememberExec(model: ModelNode, used: Map<string, string>, sql: string): void {
    const entry = this.current(model);
    if (entry) entry.exec = { used, sql };
  }

  forget(model: ModelNode): void {
    this.entries.delete(model.id);
  }

  private current(model: ModelNode): Entry | undefined {
    const entry = this.entries.get(model.id);
    return entry && entry.rawSql === model.rawSql && entry.configKey === configKey(model) ? entry : undefined;
  }
}

function stillRendersTo(rendered: Rendered | undefined, relationOf: (name: string) => string | undefined): string | undefined {
  if (!rendered) return undefined;
  for (const [name, text] of rendered.used) if (relationOf(name) !== text) return undefined;
  return rendered.sql;
}

function configKey(model: ModelNode): string {
  return JSON.stringify(model.config);
}

function contextKeyOf(project: Project): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([project.name, project.config.vars ?? {}, project.cliVars, project.config.dispatch ?? []]));
  for (const file of [...project.macros, ...project.packages.flatMap((p) => p.macros)]) hash.update(`\u0000${file.file}\u0000${file.text}`);
  return hash.digest('hex');
}
