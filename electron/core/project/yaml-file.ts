import { readTextFile } from './file-text.js';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { ProjectError } from '../../../shared/project-types.js';

/** A parsed YAML file that still knows which line every value came from. */
export interface YamlFile<T> {
  file: string;
  value: T;
  lineOf(pathInFile: readonly (string | number)[]): number | undefined;
}

export type YamlParse<T> = { ok: true; yaml: YamlFile<T> } | { ok: false; errors: ProjectError[] };

/**
 * Reads a YAML file and validates it against a schema. Every problem, syntax or schema, is reported
 * with the file (relative to `root`) and the line of the offending value.
 */
export async function readYamlFile<S extends z.ZodType>(root: string, relPath: string, schema: S): Promise<YamlParse<z.infer<S>>> {
  const file = path.join(root, relPath);
  const text = await readTextFile(file);
  const key = `${file}\u0000${relPath}`;
  const known = parsedFiles.get(key);
  if (known && known.text === text && known.schema === schema) return copyOf(known.parse as YamlParse<z.infer<S>>);
  const parse = parseYaml(text, relPath, schema);
  parsedFiles.set(key, { text, schema, parse });
  return copyOf(parse);
}

/**
 * The last parse of each YAML file, reused while its text is the same: a save reads the project's
 * YAML three or four times (the reload, the build, the dashboards), and parsing is most of that.
 */
const parsedFiles = new Map<string, { text: string; schema: z.ZodType; parse: YamlParse<unknown> }>();

/** Callers own what they are given (they may change it): a copy, which costs a fraction of a parse. */
function copyOf<T>(parse: YamlParse<T>): YamlParse<T> {
  return parse.ok ? { ok: true, yaml: { ...parse.yaml, value: structuredClone(parse.yaml.value) } } : { ok: false, errors: parse.errors.map((e) => ({ ...e })) };
}

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): YamlParse<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((err) => ({
        file,
        line: err.linePos?.[0]?.line ?? lineCounter.linePos(err.pos[0]).line,
        message: `invalid YAML: ${err.message.split('\n')[0]}`,
        severity: 'error',
      })),
    };
  }
  const lineOf = (p: readonly (string | number)[]) => lineOfPath(doc, lineCounter, p);
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        file,
        line: lineOf(issue.path.filter((k): k is string | number => typeof k !== 'symbol')),
        message: describeIssue(issue),
        severity: 'error',
      })),
    };
  }
  return { ok: true, yaml: { file, value: parsed.data, lineOf } };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** The line of the deepest node along `p` that exists (a missing key points at its parent). */
function lineOfPath(doc: Document, lineCounter: LineCounter, p: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let line = rangeLine(node, lineCounter);
  for (const key of p) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      line = rangeLine(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      line = rangeLine(node, lineCounter) ?? line;
    } else {
      break;
    }
  }
  return line;
}

function rangeLine(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
