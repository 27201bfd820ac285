/**
 * Python regular expressions rewritten as JavaScript ones. The syntax both share passes through;
 * what differs is rewritten: `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, leading inline flags,
 * verbose mode, `$` (which in Python also matches before a final newline) and `.` (which in
 * Python stops only at `\n`).
 */
import { RegexError } from './errors.js';

export const regexFlags = {
  IGNORECASE: 2,
  LOCALE: 4,
  MULTILINE: 8,
  DOTALL: 16,
  UNICODE: 32,
  VERBOSE: 64,
  ASCII: 256,
} as const;

const inlineFlagBits: Record<string, number> = { i: 2, L: 4, m: 8, s: 16, u: 32, x: 64, a: 256 };

export interface TranslatedPattern {
  source: string;
  /** JavaScript flags; `d` is always on so that matches know where each group is. */
  jsFlags: string;
  /** Python's flags, inline ones included. */
  flags: number;
  /** The name of each capturing group in order, null for unnamed ones. */
  groupNames: (string | null)[];
}

const START_OF_STRING = '(?<![\\s\\S])';
const END_OF_STRING = '(?![\\s\\S])';

export function translatePattern(pattern: string, initialFlags: number): TranslatedPattern {
  let flags = initialFlags;
  let i = 0;
  for (let leading = /^\(\?([aiLmsux]+)\)/.exec(pattern); leading; leading = /^\(\?([aiLmsux]+)\)/.exec(pattern.slice(i))) {
    for (const letter of leading[1]!) flags |= inlineFlagBits[letter]!;
    i += leading[0].length;
  }
  const verbose = (flags & regexFlags.VERBOSE) !== 0;
  const groupNames: (string | null)[] = [];
  let source = '';

  const fail = (message: string): never => {
    throw new RegexError(`${message} at position ${i}`);
  };
  const readUntil = (terminator: string, from: number): string => {
    const end = pattern.indexOf(terminator, from);
    if (end < 0) fail(`missing ${terminator}`);
    i = end + 1;
    return pattern.slice(from, end);
  };

  while (i < pattern.length) {
    const char = pattern[i]!;
    if (verbose && /\s/.test(char)) {
      i++;
    } else if (verbose && char === '#') {
      const newline = pattern.indexOf('\n', i);
      i = newline < 0 ? pattern.length : newline + 1;
    } else if (char === '\\') {
      const escaped = pattern[i + 1] ?? fail('bad escape (end of pattern)');
      source += escaped === 'A' ? START_OF_STRING : escaped === 'Z' || escaped === 'z' ? END_OF_STRING : `\\${escaped}`;
      i += 2;
    } else if (char === '[') {
      source += readCharacterClass();
    } else if (char === '(') {
      source += readGroupOpening();
    } else if (char === '$' && (flags & regexFlags.MULTILINE) === 0) {
      source += `(?=\\n?${END_OF_STRING})`;
      i++;
    } else if (char === '.' && (flags & regexFlags.DOTALL) === 0) {
      source += '[^\\n]';
      i++;
    } else {
      source += char;
      i++;
    }
  }

  function readCharacterClass(): string {
    let text = '[';
    i++;
    if (pattern[i] === '^') text += pattern[i++];
    // Python reads a `]` first in a class as a literal; JavaScript would close an empty class.
    if (pattern[i] === ']') {
      text += '\\]';
      i++;
    }
    while (i < pattern.length && pattern[i] !== ']') {
      const take = pattern[i] === '\\' ? 2 : 1;
      text += pattern.slice(i, i + take);
      i += take;
    }
    if (i >= pattern.length) fail('unterminated character set');
    i++;
    return `${text}]`;
  }

  function readGroupOpening(): string {
    const rest = pattern.slice(i, i + 4);
    if (rest === '(?P<') {
      const name = readUntil('>', i + 4);
      groupNames.push(name);
      return `(?<${name}>`;
    }
    if (rest === '(?P=') return `\\k<${readUntil(')', i + 4)}>`;
    if (rest.startsWith('(?#')) {
      readUntil(')', i + 3);
      return '';
    }
    if (rest.startsWith('(?<') && rest[3] !== '=' && rest[3] !== '!') {
      const name = readUntil('>', i + 3);
      groupNames.push(name);
      return `(?<${name}>`;
    }
    if (rest.startsWith('(?')) {
      const kind = /^\(\?(?::|=|!|<=|<!)/.exec(pattern.slice(i));
      if (!kind) fail(/^\(\?[aiLmsux-]+[:)]/.test(pattern.slice(i)) ? 'inline flags are only supported at the start of the expression' : 'unsupported group syntax');
      i += kind![0].length;
      return kind![0];
    }
    groupNames.push(null);
    i++;
    return '(';
  }

  const jsFlags = `d${flags & regexFlags.IGNORECASE ? 'i' : ''}${flags & regexFlags.MULTILINE ? 'm' : ''}${flags & regexFlags.DOTALL ? 's' : ''}`;
  return { source, jsFlags, flags, groupNames };
}

const specialCharacters = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

/** Python 3.7+'s `re.escape`: only characters with a meaning in a pattern are escaped. */
export function escapePattern(text: string): string {
  return [...text].map((char) => (specialCharacters.has(char) ? `\\${char}` : char)).join('');
}
