/**
 * DuckDB's Node binding runs every query on libuv's thread pool, which the file system calls share.
 * With Node's default of 4 threads, four queries at once (a dashboard, a preview, the tests after a
 * save) leave every stat and read of the app waiting until one of them ends: a status that takes
 * milliseconds took hundreds after a save. The pool is sized when first used, so every entry of a
 * process that queries DuckDB imports this module before anything else, and a process started for
 * one (Electron's utility process) gets the variable at its start.
 */
export const QUERY_THREAD_POOL_SIZE = 16;

/** `env` with a thread pool of at least QUERY_THREAD_POOL_SIZE (a larger one set by the user is kept). */
export function withQueryThreadPool(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Number(env.UV_THREADPOOL_SIZE ?? 0) >= QUERY_THREAD_POOL_SIZE ? env : { ...env, UV_THREADPOOL_SIZE: String(QUERY_THREAD_POOL_SIZE) };
}

process.env.UV_THREADPOOL_SIZE = withQueryThreadPool(process.env).UV_THREADPOOL_SIZE;
