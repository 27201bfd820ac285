import { Relation } from '../dbt/context/relation.js';
import type { RenderOutcome } from '../dbt/dbt-runtime.js';
import { Kwargs } from '../dbt/jinja/python-call.js';
import type { EngineConnection } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { compileProject } from '../compile/compile-project.js';
import { loadProject } from '../project/load-project.js';
import { sourceId } from '../project/project.js';
import { withEnvironment } from '../env/environment-reader.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog } from '../env/catalog.js';
import { resolveBuildTarget } from './build-target.js';
import { renderExecuting } from './introspect.js';
import { ProjectLoadError } from './project-load-error.js';

export interface RunOperationOptions {
  projectRoot: string;
  /** `macro` or `package.macro`. */
  macro: string;
  /** `--args`: the macro's keyword arguments. */
  args?: Record<string, unknown>;
  vars?: Record<string, unknown>;
}

export interface OperationResult {
  /** What the macro returned or rendered. */
  output: string;
  /** What it printed with `log(..., info=True)` or `print()`, in order. */
  logs: string[];
}

/**
 * `assay run-operation MACRO --args {...}`, as `dbt run-operation`: the macro runs with `execute`
 * true, its questions to the database (`run_query`, column lists) answered by the checked-out
 * branch's environment, opened read-only: an operation may read and print (codegen's generators),
 * but never changes an environment, which only a build publishes.
 */
export async function runOperation(options: RunOperationOptions): Promise<OperationResult> {
  const loaded = await loadProject(options.projectRoot, { vars: options.vars });
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const { runtime, compiled } = compileProject(loaded.project);
  // In the environment every model and seed is a view of its name; sources read their files.
  const relationOf = (id: string) => {
    const node = compiled.nodes.get(id);
    return node ? new Relation({ schema: node.objectSchema ?? 'main', identifier: node.objectName ?? node.name }, node.relation) : undefined;
  };
  const dot = options.macro.lastIndexOf('.');
  const [namespace, name] = dot > 0 ? [options.macro.slice(0, dot), options.macro.slice(dot + 1)] : [undefined, options.macro];
  if (!runtime.macros.find(name, namespace) && !(namespace === undefined && runtime.macros.namespaces().some((ns) => runtime.macros.find(name, ns)))) {
    throw new ProjectLoadError([{ file: 'macros', severity: 'error', message: `run-operation: no macro named '${options.macro}' in the project or its installed packages` }]);
  }
  const call = (conn: EngineConnection) =>
    renderExecuting(
      (introspection): RenderOutcome =>
        runtime.callMacro(name, options.args ? [new Kwargs(options.args)] : [], {
          file: 'run-operation', name: options.macro, resourceType: 'operation', config: {}, isIncremental: false, execute: true, introspection,
          resolveRef: (ref) => (compiled.nodes.get(ref)?.kind === 'source' ? undefined : relationOf(ref)),
          resolveSource: (source, table) => relationOf(sourceId(source, table)),
          thisRelation: new Relation({}),
        }, namespace),
      conn,
    );
  const outcome = await onBranchEnvironment(options.projectRoot, call);
  if (!outcome.ok) throw new ProjectLoadError([outcome.error]);
  return { output: outcome.sql, logs: outcome.capture.logs };
}

async function onBranchEnvironment<T>(projectRoot: string, fn: (conn: EngineConnection) => Promise<T>): Promise<T> {
  const target = await resolveBuildTarget(projectRoot).catch(() => null);
  if (target && (await readCatalog(assayPaths(projectRoot).envFile(target.env))).state === 'ok') {
    return withEnvironment(projectRoot, target.env, ({ conn }) => fn(conn));
  }
  const engine = await openEngine({ path: ':memory:' });
  const conn = await engine.connect();
  try {
    return await fn(conn);
  } finally {
    await conn.close();
    await engine.close();
  }
}
