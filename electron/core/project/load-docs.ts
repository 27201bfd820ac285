import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectError } from '../../../shared/project-types.js';
import { listProjectFiles } from './project-files.js';

const docsBlock = /{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g;

/** Reads every `{% docs name %}...{% enddocs %}` block in the docs paths' Markdown files. */
export async function loadDocs(root: string, folders: string[]): Promise<Map<string, string>> {
  const docs = new Map<string, string>();
  for (const file of await listProjectFiles(root, folders, ['.md'])) {
    const text = await readFile(path.join(root, file), 'utf8');
    for (const match of text.matchAll(docsBlock)) docs.set(match[1] as string, (match[2] as string).trim());
  }
  return docs;
}

const docCall = /{{\s*doc\(\s*['"]([^'"]+)['"]\s*\)\s*}}/g;

/** Replaces `{{ doc('name') }}` in a description; an unknown name is an error at that line. */
export function resolveDocRefs(
  description: string | undefined,
  docs: Map<string, string>,
  where: { file: string; line?: number },
): { text?: string; errors: ProjectError[] } {
  if (description === undefined) return { errors: [] };
  const errors: ProjectError[] = [];
  const text = description.replace(docCall, (_all, name: string) => {
    const doc = docs.get(name);
    if (doc === undefined) errors.push({ ...where, severity: 'error', message: `doc('${name}') names no {% docs ${name} %} block` });
    return doc ?? '';
  });
  return { text, errors };
}
