import { homedir } from 'node:os';
import path from 'node:path';

/** Where Assay keeps per-user state (recent projects, the example project): `ASSAY_HOME`, else `~/.assay`. */
export function assayHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ASSAY_HOME?.trim();
  return path.resolve(configured || path.join(homedir(), '.assay'));
}
