export type TaskOutcome = { ok: true } | { ok: false; error: string };

export interface GraphRunHooks {
  /** Runs one node with a worker slot; never called for a node whose dependency failed. */
  run(id: string, worker: number): Promise<TaskOutcome>;
  /** Called for each node left out because `failed` (a dependency) did not succeed. */
  skip(id: string, failed: string): void;
}

/**
 * Runs nodes in dependency order, up to `concurrency` at once. A failure skips everything
 * downstream of it; independent branches of the graph carry on. Stops starting work on abort.
 */
export async function runGraph(
  order: readonly string[],
  dependsOn: ReadonlyMap<string, readonly string[]>,
  concurrency: number,
  hooks: GraphRunHooks,
  signal?: AbortSignal,
): Promise<void> {
  const inGraph = new Set(order);
  const waitingOn = new Map(order.map((id) => [id, new Set((dependsOn.get(id) ?? []).filter((d) => inGraph.has(d)))]));
  const dependents = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const [id, deps] of waitingOn) for (const dep of deps) dependents.get(dep)?.push(id);

  const ready = order.filter((id) => waitingOn.get(id)?.size === 0);
  const freeWorkers = Array.from({ length: Math.max(1, concurrency) }, (_, i) => i);
  const running = new Set<Promise<void>>();

  const skipDownstream = (failed: string, from: string) => {
    for (const next of dependents.get(from) ?? []) {
      if (!waitingOn.has(next)) continue;
      waitingOn.delete(next);
      hooks.skip(next, failed);
      skipDownstream(failed, next);
    }
  };

  const finish = (id: string, outcome: TaskOutcome) => {
    if (!outcome.ok) {
      skipDownstream(id, id);
      return;
    }
    for (const next of dependents.get(id) ?? []) {
      const deps = waitingOn.get(next);
      if (!deps) continue;
      deps.delete(id);
      if (deps.size === 0) ready.push(next);
    }
  };

  for (const id of ready) waitingOn.delete(id);
  while ((ready.length > 0 || running.size > 0) && !signal?.aborted) {
    while (ready.length > 0 && freeWorkers.length > 0 && !signal?.aborted) {
      const id = ready.shift() as string;
      waitingOn.delete(id);
      const worker = freeWorkers.pop() as number;
      const task: Promise<void> = hooks
        .run(id, worker)
        .catch((err: unknown): TaskOutcome => ({ ok: false, error: err instanceof Error ? err.message : String(err) }))
        .then((outcome) => {
          running.delete(task);
          freeWorkers.push(worker);
          finish(id, outcome);
        });
      running.add(task);
    }
    if (running.size > 0) await Promise.race(running);
  }
  await Promise.all(running);
}
