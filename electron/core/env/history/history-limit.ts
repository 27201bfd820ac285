import { z } from 'zod';
import { readAssaySetting } from '../../project/assay-setting.js';

/** How many catalogs each environment keeps besides its current one, when dbt_project.yml names no number. */
export const DEFAULT_HISTORY_LIMIT = 10;
export const MAX_HISTORY_LIMIT = 1000;

export class HistoryLimitError extends Error {}

const refused = (why: string) => ({ error: (issue: { input: unknown }) => `must be ${why}, not ${JSON.stringify(issue.input)}` });
const limitSchema = z
  .number(refused('a whole number of catalogs (0 keeps none besides the current one)'))
  .int(refused('a whole number of catalogs'))
  .min(0, refused('at least 0'))
  .max(MAX_HISTORY_LIMIT, refused(`at most ${MAX_HISTORY_LIMIT}`));

/**
 * `assay: env_history: N` in dbt_project.yml: how many previous catalogs every environment keeps
 * (issue 17). A value that is not a number in range is refused by file and line.
 */
export async function readHistoryLimit(projectRoot: string): Promise<number> {
  const setting = await readAssaySetting(projectRoot, 'env_history', limitSchema);
  if (!setting.ok) throw new HistoryLimitError(setting.error);
  return setting.value ?? DEFAULT_HISTORY_LIMIT;
}
