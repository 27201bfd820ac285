import { z } from 'zod';
import { readYamlFile } from '../../project/yaml-file.js';

/** How many catalogs each environment keeps besides its current one, when dbt_project.yml names no number. */
export const DEFAULT_HISTORY_LIMIT = 10;
export const MAX_HISTORY_LIMIT = 1000;

export class HistoryLimitError extends Error {}

const limitSchema = z
  .number({ error: 'assay: env_history is a whole number of catalogs (0 keeps none besides the current one)' })
  .int('assay: env_history is a whole number of catalogs')
  .min(0, 'assay: env_history is at least 0')
  .max(MAX_HISTORY_LIMIT, `assay: env_history is at most ${MAX_HISTORY_LIMIT}`);

/** Only the part of dbt_project.yml the limit lives in: the rest is the project loader's. */
const projectFileSchema = z.looseObject({ assay: z.looseObject({ env_history: limitSchema.optional() }).nullish() });

/**
 * `assay: env_history: N` in dbt_project.yml: how many previous catalogs every environment keeps
 * (issue 17). A value that is not a number in range is refused by file and line; a dbt_project.yml
 * that does not parse at all (or is not there) is the project loader's to report: the default applies here.
 */
export async function readHistoryLimit(projectRoot: string): Promise<number> {
  const parsed = await readYamlFile(projectRoot, 'dbt_project.yml', projectFileSchema).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!parsed) return DEFAULT_HISTORY_LIMIT;
  if (parsed.ok) return parsed.yaml.value.assay?.env_history ?? DEFAULT_HISTORY_LIMIT;
  const problem = parsed.errors.find((e) => e.message.includes('env_history'));
  if (problem) throw new HistoryLimitError(`${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
  return DEFAULT_HISTORY_LIMIT;
}
