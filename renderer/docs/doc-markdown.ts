/**
 * The little Markdown that dbt descriptions use (paragraphs, lists, `code`, **strong**, *emphasis*,
 * [links](…)) read into plain pieces that a template renders as text. Nothing is ever put into the
 * page as HTML, so a description cannot inject markup or script; a link shows its text and address
 * but does not navigate (the app's window never leaves the app).
 */

export type InlinePiece =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'link'; text: string; href: string };

export type DocBlock = { kind: 'paragraph'; pieces: InlinePiece[] } | { kind: 'list'; items: InlinePiece[][] };

const LIST_ITEM = /^\s*[-*+]\s+/;

export function docBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => LIST_ITEM.test(line) || /^\s{2,}\S/.test(line))) {
      const items: string[] = [];
      for (const line of lines) {
        if (LIST_ITEM.test(line)) items.push(line.replace(LIST_ITEM, ''));
        else items[items.length - 1] += ` ${line.trim()}`;
      }
      blocks.push({ kind: 'list', items: items.map(inlinePieces) });
    } else {
      blocks.push({ kind: 'paragraph', pieces: inlinePieces(lines.map((line) => line.trim().replace(/^#+\s+/, '')).join(' ')) });
    }
  }
  return blocks;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\b_([^_\s][^_]*)_\b|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function inlinePieces(text: string): InlinePiece[] {
  const pieces: InlinePiece[] = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) pieces.push({ kind: 'text', text: text.slice(at, match.index) });
    const [, code, strong, strong2, em, em2, linkText, href] = match;
    if (code !== undefined) pieces.push({ kind: 'code', text: code });
    else if (strong !== undefined || strong2 !== undefined) pieces.push({ kind: 'strong', text: (strong ?? strong2) as string });
    else if (em !== undefined || em2 !== undefined) pieces.push({ kind: 'em', text: (em ?? em2) as string });
    else pieces.push({ kind: 'link', text: linkText as string, href: href as string });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/** The description as one line of plain text (the node header's summary). */
export function plainText(markdown: string): string {
  return docBlocks(markdown)
    .flatMap((block) => (block.kind === 'paragraph' ? [block.pieces] : block.items))
    .map((pieces) => pieces.map((piece) => piece.text).join(''))
    .join(' ');
}
