import { isOperationName, parseArgs, type ApiResult, type OperationName, type OperationResults, type ParsedArgs } from '../../../shared/api.js';
import type { WorkbenchApi } from './workbench-api.js';

/** One implementation per operation of the contract, taking the argument after its schema parsed it. */
export type OperationHandlers = {
  [N in OperationName]: (args: ParsedArgs<N>) => Promise<OperationResults[N]>;
};

export type Dispatch = WorkbenchApi['dispatch'];

/**
 * The single entry every front door goes through: unknown names are refused, arguments are parsed by
 * their schema, and whatever goes wrong comes back as `{ok: false, error}`, never as an exception.
 */
export function createDispatch(handlers: OperationHandlers): Dispatch {
  return async (name, rawArgs) => {
    if (!isOperationName(name)) return { ok: false, error: `unknown operation '${name}'` };
    return run(handlers, name, rawArgs);
  };
}

async function run<N extends OperationName>(handlers: OperationHandlers, name: N, rawArgs: unknown): Promise<ApiResult<OperationResults[N]>> {
  const parsed = parseArgs(name, rawArgs);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[name] as (args: ParsedArgs<N>) => Promise<OperationResults[N]>;
    return { ok: true, value: await handler(parsed.args) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
