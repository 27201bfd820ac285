/**
 * Text from the project (test, model and column names, messages, SQL errors, branch names) as it
 * goes into Markdown: never markup. A pull-request comment renders raw HTML and links, so a name
 * like `<img src=…>` or `[x](https://…)` must show as the characters it is, and a `|` or a line
 * break must not break the table it sits in. (Emphasis is left alone: `fact_prescriptions` stays
 * readable in the raw text, and `_x_` can only italicize.)
 */
export function mdText(value: unknown): string {
  return String(value ?? '')
    .replace(/[\\`[\]<>&|]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\r?\n/g, ' ');
}

/** Text as an inline code span: literal whatever backticks it holds (CommonMark); in a table cell, its `|` escaped as GFM asks. */
export function mdCode(value: unknown, inTable = true): string {
  const oneLine = String(value ?? '').replace(/\r?\n/g, ' ');
  const text = inTable ? oneLine.replaceAll('|', '\\|') : oneLine;
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longestRun > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
