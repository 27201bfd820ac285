import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import { TestPlanError } from './plan-checks.js';

/** Resolves what a test's arguments name (`ref('x')`, `source('a', 'b')`, or a bare model name) to a relation to run. */
export function relationResolver(renderer: ProjectSqlRenderer): (expression: string) => string {
  return (expression) => {
    const template = /^\s*(ref|source)\s*\(/.test(expression) ? `{{ ${expression} }}` : `{{ ref('${expression}') }}`;
    const rendered = renderer.render(template, 'schema.yml', { absolute: true });
    if (!rendered.ok) throw new TestPlanError(rendered.error.message);
    return rendered.sql;
  };
}
