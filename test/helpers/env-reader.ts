import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';

/** Runs a query on a built environment the way a reader would: read-only, sources resolved from its root. */
export async function queryEnv(projectRoot: string, env: string, sql: string) {
  const paths = assayPaths(projectRoot);
  const catalog = await readCatalog(paths.envFile(env));
  if (catalog.state !== 'ok') throw new Error(`environment ${env} is ${catalog.state}`);
  const engine = await openEngine({ path: paths.envFile(env), readOnly: true, fileSearchPath: catalog.info.root });
  try {
    const conn = await engine.connect();
    const result = await conn.query(sql);
    await conn.close();
    if (!result.ok) throw new Error(result.error);
    return result.rows;
  } finally {
    await engine.close();
  }
}
