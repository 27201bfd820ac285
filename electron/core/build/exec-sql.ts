import type { CompiledProject } from '../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../compile/compile-project.js';
import { storeFile } from './materialize.js';
import { sqlString } from '../sql/sql-text.js';

/**
 * What the build runs differs from what fingerprints see in one way: a source is read from its
 * snapshot in the store (a Parquet file named by the source's fingerprint, which covers the
 * content of its files), not from the raw files. Every environment that saw the same files reads
 * the same immutable snapshot, views over sources bind without re-sniffing CSVs, and a catalog
 * built from a worktree keeps reading what that commit had even after the worktree moves on.
 */
export function prepareExecution(compiled: CompiledProject, renderer: ProjectSqlRenderer, fingerprints: Map<string, string>, storeDir: string): void {
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || node.error) continue;
    if (node.kind === 'source') {
      node.execRelation = `read_parquet(${sqlString(storeFile(storeDir, fingerprints.get(id) as string))})`;
    } else if (node.kind === 'model') {
      const model = node.source;
      if (model.kind !== 'model') continue;
      const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true });
      if (rendered.ok) node.execSql = rendered.sql.trim().replace(/;\s*$/, '');
      else node.error = rendered.error;
    }
  }
}
