import { z } from 'zod';
import { readYamlFile } from './yaml-file.js';

export type AssaySetting<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

/** One schema per setting: the YAML parse cache knows a file's parse by its schema. */
const fileSchemas = new Map<string, z.ZodType>();

/**
 * One setting of the `assay:` block of dbt_project.yml, read on its own: `value` is undefined when
 * the setting is absent, or when the file is missing or does not parse at all (the project
 * loader reports that). A value the schema refuses is an error naming the file and line.
 */
export async function readAssaySetting<T>(projectRoot: string, key: string, schema: z.ZodType<T>): Promise<AssaySetting<T>> {
  const fileSchema = fileSchemas.get(key) ?? z.looseObject({ assay: z.looseObject({ [key]: schema.optional() }).nullish() });
  fileSchemas.set(key, fileSchema);
  const parsed = await readYamlFile(projectRoot, 'dbt_project.yml', fileSchema).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!parsed) return { ok: true, value: undefined };
  if (parsed.ok) return { ok: true, value: (parsed.yaml.value as { assay?: Record<string, T> | null }).assay?.[key] };
  const problem = parsed.errors.find((e) => e.message.includes(key));
  if (!problem) return { ok: true, value: undefined };
  return { ok: false, error: `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}` };
}
