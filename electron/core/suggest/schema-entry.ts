import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { listProjectFiles } from '../project/project-files.js';
import { insideProject } from '../workbench/project-paths.js';

/** Suggesting or accepting cannot go on (no such model, not built, an id not suggested, a file that cannot be edited): said to the user as it is. */
export class SuggestError extends Error {}

export interface SchemaEntry {
  /** Relative to the project root, with `/`. */
  file: string;
  abs: string;
  exists: boolean;
  /** The file's text as read now ('' when it does not exist yet). */
  text: string;
  doc: Document;
  /** The model's index under `models:`, or null when the file does not declare it. */
  index: number | null;
}

/**
 * The schema file that declares a model, read from disk now (not from the loaded project, which
 * may be older than the file): the one `models:` entry named after it. Declared nowhere, it is
 * `schema.yml` beside the model's SQL file, made or extended. Declared twice, or in a file that
 * no longer parses, it is refused with the file and line.
 */
export async function findSchemaEntry(root: string, modelFolders: string[], model: string, modelFile: string): Promise<SchemaEntry> {
  const found: SchemaEntry[] = [];
  for (const file of await listProjectFiles(root, modelFolders, ['.yml', '.yaml'])) {
    const abs = path.join(root, file);
    const text = await readFile(abs, 'utf8');
    if (!text.includes(model)) continue;
    const doc = parseOrRefuse(file, text);
    const models = doc.get('models');
    if (!isSeq(models)) continue;
    models.items.forEach((item, index) => {
      if (isMap(item) && item.get('name') === model) found.push({ file, abs, exists: true, text, doc, index });
    });
  }
  if (found.length > 1) {
    const where = found.map((e) => `${e.file}:${lineOf(e)}`).join(' and ');
    throw new SuggestError(`${model} is declared more than once (${where}): keep one entry, then accept again`);
  }
  if (found[0]) return found[0];
  const file = path.posix.join(path.posix.dirname(modelFile), 'schema.yml');
  const abs = await insideProject(root, file);
  const text = await readFile(abs, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  return { file, abs, exists: text !== null, text: text ?? '', doc: parseOrRefuse(file, text ?? ''), index: null };
}

function parseOrRefuse(file: string, text: string): Document {
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error) throw new SuggestError(`${file}:${error.linePos?.[0].line ?? '?'}: this YAML does not parse (${error.message.split('\n')[0]}): fix it, then accept again`);
  return doc;
}

function lineOf(entry: SchemaEntry): number {
  const node = entry.index === null ? null : entry.doc.getIn(['models', entry.index], true) as { range?: [number, number, number] } | null;
  const offset = node?.range?.[0] ?? 0;
  return entry.text.slice(0, offset).split('\n').length;
}
