import { parse, tokenize } from '@huggingface/jinja';
import { rewriteTokens, type Token } from './token-rewrites.js';

const blockEnds: Record<string, string> = { if: 'endif', for: 'endfor', macro: 'endmacro', call: 'endcall', filter: 'endfilter', test: 'endtest', materialization: 'endmaterialization', snapshot: 'endsnapshot' };
const middles = new Set(['elif', 'else']);

function parses(text: string): string | null {
  try {
    parse(rewriteTokens(tokenize(text) as Token[], 0, []).tokens as never);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The engine's parser says what went wrong but not where. When a template fails to parse, each tag
 * is parsed on its own (closed with its end tag where it opens a block) and then the blocks are
 * matched, to find the line at fault. Runs only on templates that failed.
 */
export function locateParseError(text: string, tagLines: number[]): { line?: number; reason?: string } {
  const tags = [...text.matchAll(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g)].filter((m) => !m[0].startsWith('{#'));
  const stack: { name: string; line?: number }[] = [];
  for (const [index, match] of tags.entries()) {
    const tag = match[0];
    const line = tagLines[index];
    if (tag.startsWith('{{')) {
      const problem = parses(tag);
      if (problem) return { line, reason: problem };
      continue;
    }
    const name = /^\{%-?\s*(\w+)/.exec(tag)?.[1] ?? '';
    if (blockEnds[name] || (name === 'set' && !/^\{%-?\s*set\s[^=]*=/.test(tag))) {
      const end = blockEnds[name] ?? 'endset';
      const problem = parses(`${tag}{% ${end} %}`);
      if (problem) return { line, reason: problem };
      stack.push({ name: end, line });
    } else if (middles.has(name)) {
      if (stack.length === 0) return { line, reason: `{% ${name} %} outside a block` };
    } else if (name.startsWith('end')) {
      const open = stack.pop();
      if (!open) return { line, reason: `{% ${name} %} closes no block` };
      if (open.name !== name) return { line, reason: `{% ${name} %} found where {% ${open.name} %} was expected (the block opened on line ${open.line ?? '?'})` };
    } else {
      const problem = parses(tag);
      if (problem) return { line, reason: problem };
    }
  }
  const unclosed = stack.pop();
  if (unclosed) return { line: unclosed.line, reason: `this block is never closed: {% ${unclosed.name} %} is missing` };
  return {};
}
