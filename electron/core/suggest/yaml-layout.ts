import type { ToStringOptions } from 'yaml';

/**
 * Printing options that match how a file is laid out, so the lines an edit adds look like their
 * neighbours: the indentation step, whether `- ` items sit under their key or beside it, and no
 * folding of long lines.
 */
export function layoutOf(text: string): ToStringOptions {
  const rows = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const indents = rows.map((line) => line.length - line.trimStart().length).filter((n) => n > 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 2;
  let indentSeq = true;
  for (let i = 0; i + 1 < rows.length; i += 1) {
    const key = /^(\s*)[^\s-#][^:]*:\s*(#.*)?$/.exec(rows[i] as string);
    const item = /^(\s*)- /.exec(rows[i + 1] as string);
    if (key && item) {
      indentSeq = (item[1] as string).length > (key[1] as string).length;
      break;
    }
  }
  return { indent: indentSeq ? indent : Math.max(indent, 2), indentSeq, lineWidth: 0, flowCollectionPadding: false };
}
