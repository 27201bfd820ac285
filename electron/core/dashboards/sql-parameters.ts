/**
 * Dashboard queries name their parameters `$name`; the engine binds positional `$1, $2, ...`. The
 * rewrite below only renames placeholders: values never enter the SQL text, they are bound.
 */

export interface BoundSql {
  sql: string;
  /** Parameter names in placeholder order: `$1` is `names[0]`. */
  names: string[];
}

export interface PlaceholderUse {
  name: string;
  /** 1-based line within the SQL text. */
  line: number;
}

/**
 * Rewrites `$name` placeholders to `$1..$n` (one number per distinct name), leaving string
 * literals, quoted identifiers, comments and dollar-quoted strings as they are.
 */
export function bindNamedParameters(sql: string): BoundSql {
  const names: string[] = [];
  const bound = replacePlaceholders(sql, (name) => {
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { sql: bound, names };
}

/** The SQL with each `$name` placeholder replaced by `replacement(name)`; literals and comments are left as they are. */
export function replacePlaceholders(sql: string, replacement: (name: string) => string): string {
  let out = '';
  let last = 0;
  for (const use of scanPlaceholders(sql)) {
    out += `${sql.slice(last, use.offset)}${replacement(use.name)}`;
    last = use.offset + use.name.length + 1;
  }
  return out + sql.slice(last);
}

/** Every `$name` placeholder in the SQL, with its line. */
export function placeholders(sql: string): PlaceholderUse[] {
  return [...scanPlaceholders(sql)].map(({ name, offset }) => ({ name, line: sql.slice(0, offset).split('\n').length }));
}

function* scanPlaceholders(sql: string): Generator<{ name: string; offset: number }> {
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === '$') {
      const dollarQuote = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      // `$1` is caught too: positional placeholders have no name to bind, so the load check refuses them.
      const named = /^\$([A-Za-z0-9_]+)/.exec(sql.slice(i));
      if (dollarQuote) {
        const end = sql.indexOf(dollarQuote[0], i + dollarQuote[0].length);
        i = end < 0 ? sql.length : end + dollarQuote[0].length;
      } else if (named && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
        yield { name: named[1] as string, offset: i };
        i += named[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
}

/** Past the closing quote; a doubled quote inside is an escaped quote. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}
