import type { ParameterProgress } from '../../../shared/build-types.js';
import type { ProjectError } from '../../../shared/project-types.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import type { ParametricBuild } from './parametric-build.js';
import { parameterSpec } from './parameter-spec.js';

/** What the build being run offers a parametric model (build-environment.ts). */
interface RunningBuild {
  connect(): Promise<EngineConnection>;
  readonly lineages: ReadonlyMap<string, string>;
}

/** A parametric model's part of the build, or undefined for every other node. */
export function parametricBuild(
  node: CompiledNode,
  build: RunningBuild,
  options: { threads: number; signal?: AbortSignal; event(values: ParameterProgress): void; warn(problem: ProjectError): void },
): ParametricBuild | undefined {
  if (node.kind !== 'model' || node.materialization !== 'table' || !parameterSpec(node.config)) return undefined;
  return {
    lineage: build.lineages.get(node.id) ?? '',
    connect: () => build.connect(),
    threads: options.threads,
    signal: options.signal,
    progress: options.event,
    warn: (message) => options.warn({ ...node.source.location, severity: 'warning', node: node.id, message: `${node.name}: ${message}` }),
  };
}
