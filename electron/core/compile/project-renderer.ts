import type { AdapterType } from '../dbt/adapter-type.js';
import type { Introspection } from '../dbt/context/introspection.js';
import { Relation } from '../dbt/context/relation.js';
import type { DbtRuntime, RenderOutcome } from '../dbt/dbt-runtime.js';
import { sourceId } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { CompiledNode } from './compiled-project.js';

export interface SqlRenderOptions {
  /** Render what the build runs (sources as their stored snapshots), rather than as written (what fingerprints see). */
  absolute?: boolean;
  isIncremental?: boolean;
  thisRelation?: string;
  nodeName?: string;
  /** dbt's `execute`: true only while the build runs, with the database answering through `introspection`. */
  execute?: boolean;
  introspection?: Introspection;
  /** Collects what each `ref:<name>`, `source:<s>.<t>` and `this:<node>` rendered to (see render-memo.ts). */
  used?: Map<string, string>;
}

/** Renders SQL against a compiled project: `ref()` gives the node's relation, ephemeral models inline. */
export interface ProjectSqlRenderer {
  render(template: string, file: string, options?: SqlRenderOptions): RenderOutcome;
}

/** The project's renderer, which can also say what a remembered render's relations render to now. */
export type ProjectRenderer = ReturnType<typeof makeRenderer>;

/**
 * A renderer over the compiled nodes: `ref()` gives a node's relation (an ephemeral model inlined),
 * `source()` a source's files or, when it reads a project table, that table. `relationText` says
 * what a key of `used` renders to now, so that a remembered render can be checked against it.
 */
export function makeRenderer(
  jinja: DbtRuntime,
  nodes: Map<string, CompiledNode>,
  sourceAliases: Map<string, string>,
  options: { empty?: boolean; adapter?: AdapterType } = {},
): ProjectSqlRenderer & { relationText(key: string, absolute?: boolean): string | undefined } {
  // dbt's --empty: what a node reads is limited to zero rows, as dbt-duckdb renders it (no alias).
  // PostgreSQL (before 16) wants an alias on a subquery and refuses a second one (dbt-postgres fails
  // on `{{ ref('x') }} as x` there): a set-returning function of the relation's row type needs none and takes one.
  // An inlined ephemeral model (`(...)`) already reads zero rows through its own refs.
  const limited = (text: string) => {
    if (!options.empty) return text;
    if (options.adapter === 'postgres') return text.startsWith('(') ? text : `jsonb_populate_recordset(NULL::${text}, '[]')`;
    return `(select * from ${text} where false limit 0)`;
  };
  const refTarget = (name: string) => {
    const target = nodes.get(name);
    return !target || target.kind === 'source' ? undefined : target;
  };
  const refText = (target: CompiledNode, absolute: boolean) => {
    const inlined = absolute ? target.execSql : target.sql;
    return limited(target.materialization === 'ephemeral' && inlined !== undefined ? `(\n${inlined}\n)` : target.relation);
  };
  const sourceText = (id: string, absolute: boolean): string | undefined => {
    const target = nodes.get(id);
    // A source that failed has no snapshot; its relation still names it, and the build skips what reads it.
    const text = absolute ? (target?.execRelation ?? target?.relation) : target?.relation;
    return text === undefined ? undefined : limited(text);
  };
  return {
    relationText(key, absolute = false) {
      if (key.startsWith('ref:')) {
        const target = refTarget(key.slice(4));
        return target ? refText(target, absolute) : undefined;
      }
      if (key.startsWith('this:')) return nodes.get(key.slice(5))?.relation;
      return sourceText(key, absolute);
    },
    render(template, file, options = {}) {
      const absolute = options.absolute ?? false;
      const used = options.used;
      const resolveRef = (name: string) => {
        const target = refTarget(name);
        if (!target) return undefined;
        const text = refText(target, absolute);
        used?.set(`ref:${name}`, text);
        return new Relation({ schema: target.objectSchema ?? 'main', identifier: target.objectName ?? target.name, type: relationType(target) }, text);
      };
      const nodeName = options.nodeName ?? '';
      const node = nodes.get(nodeName);
      const thisText = options.thisRelation ?? quoteIdentifier(nodeName);
      used?.set(`this:${nodeName}`, thisText);
      return jinja.render({
        file,
        template,
        name: nodeName,
        packageName: node?.source.package,
        resourceType: 'model',
        config: node ? { ...node.config.extra, materialized: node.materialization, alias: node.config.alias, tags: node.config.tags, meta: node.config.meta, unique_key: node.config.unique_key } : {},
        thisRelation: new Relation({ schema: node?.objectSchema ?? 'main', identifier: node?.objectName ?? nodeName, type: relationType(node) }, thisText),
        isIncremental: options.isIncremental ?? false,
        execute: options.execute ?? false,
        introspection: options.introspection,
        resolveRef,
        resolveSource: (sourceName, tableName) => {
          const id = sourceId(sourceName, tableName);
          const alias = sourceAliases.get(id);
          if (alias) return resolveRef(alias);
          const text = sourceText(id, absolute);
          if (text !== undefined) used?.set(id, text);
          return text === undefined ? undefined : new Relation({ schema: sourceName, identifier: tableName, type: 'external' }, text);
        },
      });
    },
  };
}

function relationType(node: CompiledNode | undefined): 'table' | 'view' | 'cte' | null {
  if (!node) return null;
  if (node.materialization === 'view') return 'view';
  if (node.materialization === 'ephemeral') return 'cte';
  return 'table';
}
