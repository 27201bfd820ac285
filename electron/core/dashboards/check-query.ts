import type { ProjectError } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import { placeholders } from './sql-parameters.js';

export interface CheckedQuery {
  sql: string | null;
  reads: string[];
  errors: ProjectError[];
}

/**
 * Renders a dashboard query's `ref()`s and checks that every `$name` it uses is a parameter of the
 * dashboard. `line` is where the query is written in the YAML file: errors name the file's line.
 */
export function checkQuery(renderer: ProjectSqlRenderer, query: string, file: string, line: number | undefined, known: Set<string>, what: string): CheckedQuery {
  // A block scalar (`query: |`) starts on the line after its key; a one-line query is on the key's line.
  const lineIn = (l: number | undefined) => (line === undefined ? undefined : query.includes('\n') ? line + (l ?? 1) : line);
  const rendered = renderer.render(query, file);
  if (!rendered.ok) {
    return { sql: null, reads: [], errors: [{ ...rendered.error, file, line: lineIn(rendered.error.line), message: `${what}: ${rendered.error.message}` }] };
  }
  const errors: ProjectError[] = [];
  for (const use of placeholders(query)) {
    if (known.has(use.name)) continue;
    errors.push({
      file, line: lineIn(use.line), severity: 'error',
      message: `${what}: $${use.name} is not a parameter of this dashboard (it has ${[...known].map((n) => `$${n}`).join(', ') || 'none'})`,
    });
  }
  const reads = [...rendered.capture.refs, ...[...rendered.capture.sources].map((s) => `source:${s}`)];
  return { sql: rendered.sql.trim().replace(/;\s*$/, ''), reads, errors };
}
