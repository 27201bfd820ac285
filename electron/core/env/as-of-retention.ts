import { z } from 'zod';
import { readAssaySetting } from '../project/assay-setting.js';
import { isAsOfEnvName, type AssayPaths } from './assay-paths.js';
import { lastAsOfUse } from './as-of-use.js';

/** How long gc keeps an as-of environment nobody builds or reads, when dbt_project.yml names no number. */
export const DEFAULT_AS_OF_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

export class AsOfKeepDaysError extends Error {}

const refused = (why: string) => ({ error: (issue: { input: unknown }) => `must be ${why}, not ${JSON.stringify(issue.input)}` });
const keepDaysSchema = z.number(refused('a whole number of days (0 or more)')).int(refused('a whole number of days (0 or more)')).min(0, refused('0 or more days'));

/** `assay: as_of_keep_days: N` in dbt_project.yml; a value that is not a whole number of days is refused by file, line and value. */
export async function readAsOfKeepDays(projectRoot: string): Promise<number> {
  const setting = await readAssaySetting(projectRoot, 'as_of_keep_days', keepDaysSchema);
  if (!setting.ok) throw new AsOfKeepDaysError(setting.error);
  return setting.value ?? DEFAULT_AS_OF_KEEP_DAYS;
}

export interface DroppedAsOfEnvironment {
  env: string;
  /** When it was last built or read (ISO), null when nothing says. */
  lastUsed: string | null;
  reason: string;
}

/**
 * The as-of environments gc drops: those not built or read for longer than `keepDays` (or every
 * one, `assay gc --as-of`). They are cheap to build again, every node whose inputs did not change
 * being reused from the store, while keeping them keeps their store files for ever.
 */
export async function unusedAsOfEnvironments(paths: AssayPaths, envs: string[], keep: { days: number } | 'none', now = Date.now()): Promise<DroppedAsOfEnvironment[]> {
  const dropped: DroppedAsOfEnvironment[] = [];
  for (const env of envs.filter(isAsOfEnvName)) {
    const used = await lastAsOfUse(paths, env);
    const lastUsed = used?.toISOString() ?? null;
    if (keep === 'none') dropped.push({ env, lastUsed, reason: 'assay gc --as-of drops every as-of environment' });
    else if (!used || now - used.getTime() > keep.days * DAY_MS) {
      const idle = used ? `for ${Math.floor((now - used.getTime()) / DAY_MS)} days` : 'since gc can tell';
      dropped.push({ env, lastUsed, reason: `not built or read ${idle} (assay: as_of_keep_days: ${keep.days})` });
    }
  }
  return dropped;
}
