import type { ProjectError } from '../../../shared/project-types.js';
import type { ModelNode, ProjectNode } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';

/**
 * Under `--empty`, a Python model whose YAML gives every column a `data_type` is built as what
 * `--empty` checks: its shape, an empty table of those columns, so the SQL models downstream of it
 * bind. Assay cannot run Python, so without `--empty`, or with an untyped column, it stays an error.
 */
export function withDeclaredShapes(nodes: Iterable<ProjectNode>, warnings: ProjectError[]): ProjectNode[] {
  return [...nodes].map((node) => {
    if (node.kind !== 'model' || node.language !== 'python') return node;
    const sql = declaredShapeSql(node);
    if (sql === undefined) return node;
    warnings.push({
      ...node.location,
      severity: 'warning',
      node: node.id,
      message: `${node.name} is a Python model: --empty builds it as an empty table of its ${node.columns.length} declared column(s); its Python code does not run`,
    });
    return { ...node, language: 'sql', rawSql: sql };
  });
}

function declaredShapeSql(model: ModelNode): string | undefined {
  if (model.columns.length === 0 || model.columns.some((c) => !c.dataType?.trim())) return undefined;
  const columns = model.columns.map((c) => `cast(null as ${c.dataType as string}) as ${quoteIdentifier(c.name)}`);
  return `select ${columns.join(', ')} where false`;
}
