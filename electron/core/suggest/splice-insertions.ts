import { diffArrays } from 'diff';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document, type ToStringOptions } from 'yaml';

/** The edit could not be written without touching other lines of the file: nothing is written. */
export class LayoutError extends Error {}

/**
 * Writes a Document edit back into the file's own text, changing nothing else. The YAML library
 * keeps comments, anchors and quoting, but printing a document can still respace a comment or
 * refold a long string, so the file is not taken from `edited.toString()`: the original is
 * printed too, and the lines the edit adds to that print are spliced into the original text at
 * the place they hold there. A line the edit rewrites (a one-line `[a, b]` list that grows) must
 * be printed as the file already has it. The result must parse to what the edited document holds.
 */
export function spliceInsertions(original: string, edited: Document, options: ToStringOptions): string {
  const before = lines(parseDocument(original).toString(options));
  const after = lines(edited.toString(options));
  const own = lines(original);
  const map = mapPrinted(own, before);
  const ops: { at: number; remove: number; insert: string[] }[] = [];
  let ni = 0;
  const parts = diffArrays(before, after);
  for (let p = 0; p < parts.length; p += 1) {
    const part = parts[p] as (typeof parts)[number];
    const count = part.value.length;
    if (!part.added && !part.removed) {
      ni += count;
    } else if (part.removed) {
      const next = parts[p + 1];
      if (!next?.added) throw new LayoutError(`the edit would remove line ${lineNear(map, ni)}`);
      const at = map.lineOf[ni] ?? -1;
      const contiguous = part.value.every((_, j) => at >= 0 && map.lineOf[ni + j] === at + j);
      if (!contiguous) throw new LayoutError(`line ${lineNear(map, ni)} is written differently from how the YAML library prints it, and the edit changes it`);
      ops.push({ at, remove: count, insert: next.value });
      ni += count;
      p += 1;
    } else {
      const at = map.boundary[ni] ?? -1;
      if (at < 0) throw new LayoutError(`the place to insert at (near line ${lineNear(map, ni)}) is inside text the YAML library prints differently`);
      ops.push({ at, remove: 0, insert: part.value });
    }
  }
  const result = [...own];
  for (const op of ops.sort((a, b) => b.at - a.at)) result.splice(op.at, op.remove, ...op.insert);
  const text = result.join('\n');
  const check = parseDocument(text);
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS(), edited.toJS())) throw new LayoutError('the lines added in place do not read back as the edit made');
  return text;
}

/**
 * Where each line (and each gap between lines) of the printed original is in the original. A
 * gap inside a stretch printed differently has no place (-1); one at its edge does.
 */
function mapPrinted(own: string[], printed: string[]): { lineOf: number[]; boundary: number[] } {
  const lineOf = new Array<number>(printed.length).fill(-1);
  const boundary = new Array<number>(printed.length + 1).fill(-1);
  boundary[0] = 0;
  let oi = 0;
  let ni = 0;
  const parts = diffArrays(own, printed);
  parts.forEach((part, p) => {
    const count = part.value.length;
    if (part.removed) {
      oi += count;
      if (!parts[p + 1]?.added) boundary[ni] = oi;
    } else if (part.added) {
      ni += count;
      boundary[ni] = oi;
    } else {
      for (let j = 0; j < count; j += 1) {
        lineOf[ni + j] = oi + j;
        boundary[ni + j] = oi + j;
      }
      ni += count;
      oi += count;
      boundary[ni] = oi;
    }
  });
  return { lineOf, boundary };
}

/** The original's line number (1-based) of a printed line, or of the nearest one before it that has a place. */
function lineNear(map: { lineOf: number[]; boundary: number[] }, printed: number): number {
  for (let i = printed; i >= 0; i -= 1) {
    const own = map.lineOf[i] !== undefined && (map.lineOf[i] as number) >= 0 ? map.lineOf[i] : map.boundary[i];
    if (own !== undefined && own >= 0) return own + 1;
  }
  return 1;
}

function lines(text: string): string[] {
  return text.split('\n');
}
