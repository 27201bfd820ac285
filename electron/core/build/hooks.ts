import type { ProjectError } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import type { EngineConnection } from '../engine/engine.js';

/** A model's, seed's or snapshot's hooks, rendered with its context (`{{ this }}`), in the order they run. */
export interface NodeHooks {
  pre: string[];
  post: string[];
}

const keys = { pre: ['pre-hook', 'pre_hook'], post: ['post-hook', 'post_hook'] };

/** dbt writes a hook as SQL text, a list of them, or `{sql: ..., transaction: ...}`; folder, YAML and config() hooks add up. */
export function hookTemplates(extra: Record<string, unknown>, when: 'pre' | 'post'): string[] {
  const out: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === 'object' && typeof (value as { sql?: unknown }).sql === 'string') out.push((value as { sql: string }).sql);
  };
  for (const key of keys[when]) add(extra[key]);
  return out;
}

/** Runs hooks one after the other; the first that fails stops them, named by its place and its SQL. */
export async function runHooks(conn: EngineConnection, label: string, statements: string[]): Promise<void> {
  for (const [i, sql] of statements.entries()) {
    if (sql.trim() === '') continue;
    const result = await conn.query(sql);
    if (!result.ok) throw new Error(`${label} ${i + 1} of ${statements.length} failed: ${result.error} (in: ${sql.trim().slice(0, 200)})`);
  }
}

/** `on-run-start` / `on-run-end` of dbt_project.yml, rendered without a node; a template error names the file. */
export function renderProjectHooks(renderer: ProjectSqlRenderer, templates: unknown, errors: ProjectError[]): string[] {
  const list = typeof templates === 'string' ? [templates] : Array.isArray(templates) ? templates.map(String) : [];
  const out: string[] = [];
  for (const template of list) {
    const rendered = renderer.render(template, 'dbt_project.yml', { absolute: true });
    if (rendered.ok) out.push(rendered.sql);
    else errors.push({ ...rendered.error, file: 'dbt_project.yml' });
  }
  return out;
}
