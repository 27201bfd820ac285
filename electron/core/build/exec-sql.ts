import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import { hookTemplates } from './hooks.js';
import type { ProjectRenderer } from '../compile/project-renderer.js';
import { RenderMemo } from '../compile/render-memo.js';
import { topologicalOrder } from '../compile/graph.js';
import { storeFile } from './materialize.js';
import { sqlString } from '../sql/sql-text.js';

/**
 * What the build runs differs from what fingerprints see in one way: a source is read from its
 * snapshot in the store (a Parquet file named by the source's fingerprint, which covers the
 * content of its files), not from the raw files. Every environment that saw the same files reads
 * the same immutable snapshot, views over sources bind without re-sniffing CSVs, and a catalog
 * built from a worktree keeps reading what that commit had even after the worktree moves on.
 */
export function prepareExecution(compiled: CompiledProject, renderer: ProjectRenderer, fingerprints: Map<string, string>, storeDir: string): void {
  const memo = RenderMemo.of(compiled.project);
  for (const id of renderOrder(compiled)) {
    const node = compiled.nodes.get(id);
    if (!node || node.error) continue;
    if (node.kind === 'source') {
      node.execRelation = `read_parquet(${sqlString(storeFile(storeDir, fingerprints.get(id) as string))})`;
    } else if (node.kind === 'model') {
      const model = node.source;
      if (model.kind !== 'model') continue;
      const remembered = memo.execSql(model, (key) => renderer.relationText(key, true));
      if (remembered !== undefined) {
        node.execSql = remembered;
      } else {
        const used = new Map<string, string>();
        const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true, used });
        if (rendered.ok) node.execSql = rendered.sql.trim().replace(/;\s*$/, '');
        else node.error = rendered.error;
        node.usesExecute = rendered.capture.usesExecute;
        // A render that asks the database or reads the clock is done again by every build.
        if (rendered.ok && !rendered.capture.usesExecute && !rendered.capture.volatile) memo.rememberExec(model, used, node.execSql as string);
      }
    }
    if (!node.error && node.kind !== 'source') renderHooks(node, renderer);
  }
}

function renderHooks(node: CompiledNode, renderer: ProjectRenderer): void {
  const hooks = { pre: hookTemplates(node.config.extra, 'pre'), post: hookTemplates(node.config.extra, 'post') };
  if (hooks.pre.length === 0 && hooks.post.length === 0) return;
  const render = (template: string) => {
    const rendered = renderer.render(template, node.source.location.file, { nodeName: node.name, thisRelation: node.relation, absolute: true });
    if (!rendered.ok) node.error = rendered.error;
    return rendered.ok ? rendered.sql : '';
  };
  node.hooks = { pre: hooks.pre.map(render), post: hooks.post.map(render) };
}

/**
 * Dependencies first, so an ephemeral model is inlined and a source's snapshot named before what
 * reads them renders. `compiled.order` is that order, except in a project with a ref() cycle, where
 * it is only the order nodes were found: the nodes of the cycle are errors then, and the others
 * still form a graph that can be ordered, so a cycle never fails models outside it.
 */
function renderOrder(compiled: CompiledProject): string[] {
  const graph = new Map([...compiled.nodes.values()].filter((n) => !n.error).map((n) => [n.id, n.dependsOn]));
  const ordered = topologicalOrder(graph);
  return ordered.ok ? ordered.order : compiled.order;
}
