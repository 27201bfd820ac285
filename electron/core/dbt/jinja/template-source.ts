/**
 * Prepares a template's text for the engine's lexer, which differs from Jinja2 in two ways dbt
 * projects meet: it has no `{% raw %}`, and it rejects escapes Python keeps (`'\s'` is a backslash
 * and an `s` in Python; `\` at the end of a line continues the string, leaving out the newline).
 * It also records the line of every tag, in the order the lexer will emit their opening tokens,
 * since the engine's tokens carry no positions, and counts lines in the source, not in the rewrite.
 */
export interface PreparedSource {
  text: string;
  /** The contents of `{% raw %}` blocks; the text reads them back through `RAW_FUNCTION`. */
  raws: string[];
  /** Line (from 1) of each `{{` and `{%` tag, in order. */
  tagLines: number[];
}

export const RAW_FUNCTION = '__assay_raw_block__';

const pythonEscapes = new Set(['n', 't', 'r', 'b', 'f', 'v', "'", '"', '\\', 'x', 'u']);
const rawOpen = /\{%-?\s*raw\s*-?%\}/y;
const rawClose = /\{%-?\s*endraw\s*-?%\}/g;

export function prepareSource(source: string): PreparedSource {
  const raws: string[] = [];
  const tagLines: number[] = [];
  let out = '';
  let line = 1;
  let i = 0;
  const copy = (to: number) => {
    const chunk = source.slice(i, to);
    out += chunk;
    line += countNewlines(chunk);
    i = to;
  };
  while (i < source.length) {
    const open = nextTag(source, i);
    if (open < 0) {
      copy(source.length);
      break;
    }
    copy(open);
    const kind = source[open + 1];
    if (kind === '#') {
      const end = source.indexOf('#}', open + 2);
      copy(end < 0 ? source.length : end + 2);
      continue;
    }
    rawOpen.lastIndex = open;
    if (kind === '%' && rawOpen.test(source)) {
      rawClose.lastIndex = rawOpen.lastIndex;
      const close = rawClose.exec(source);
      const contentEnd = close ? close.index : source.length;
      const blockEnd = close ? close.index + close[0].length : source.length;
      raws.push(source.slice(rawOpen.lastIndex, contentEnd));
      const skipped = source.slice(open, blockEnd);
      tagLines.push(line);
      out += `{{ ${RAW_FUNCTION}(${raws.length - 1}) }}${countNewlines(skipped) > 0 ? `{#${'\n'.repeat(countNewlines(skipped))}#}` : ''}`;
      line += countNewlines(skipped);
      i = blockEnd;
      continue;
    }
    tagLines.push(line);
    const { text, end } = tagBody(source, open);
    out += text;
    line += countNewlines(source.slice(open, end));
    i = end;
  }
  return { text: out, raws, tagLines };
}

function nextTag(source: string, from: number): number {
  let at = source.indexOf('{', from);
  while (at >= 0) {
    const next = source[at + 1];
    if (next === '{' || next === '%' || next === '#') return at;
    at = source.indexOf('{', at + 1);
  }
  return -1;
}

/** Copies one `{{ … }}` or `{% … %}` tag, rewriting string escapes Python keeps as they are. */
function tagBody(source: string, open: number): { text: string; end: number } {
  const closer = source[open + 1] === '{' ? '}}' : '%}';
  let text = source.slice(open, open + 2);
  let i = open + 2;
  let quote: string | null = null;
  let braces = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (quote) {
      if (char === '\\') {
        const next = source[i + 1] ?? '';
        if (next === '\n') {
          // A line continuation: Python's string has neither the backslash nor the newline.
        } else if (pythonEscapes.has(next)) text += char + next;
        else text += `\\\\${next}`;
        i += 2;
        continue;
      }
      if (char === quote) quote = null;
      text += char;
      i += 1;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '{') braces += 1;
    else if (char === '}' && braces > 0) braces -= 1;
    else if (source.startsWith(closer, i) || (source[i] === '-' && source.startsWith(closer, i + 1))) {
      const length = source[i] === '-' ? 3 : 2;
      return { text: text + source.slice(i, i + length), end: i + length };
    }
    text += char;
    i += 1;
  }
  return { text, end: source.length };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}
