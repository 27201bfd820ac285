/** Python's `re` module as templates reach it through `modules.re`, on JavaScript's regular expressions. */
import { bindArguments, pyFunction } from '../../jinja/python-call.js';
import { PythonValueError, RegexError } from './errors.js';
import { fillTemplate, parseTemplate, PyMatch } from './regex-match.js';
import { escapePattern, regexFlags, translatePattern } from './regex-syntax.js';
import { pythonStr, pythonStringRepr, requireInt, requireString } from './values.js';

const END_OF_STRING = '(?![\\s\\S])';

function compileRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new RegexError(error instanceof Error ? error.message : String(error));
  }
}

/** Python's `re.Pattern`. */
export class PyPattern {
  readonly pattern: string;
  readonly flags: number;
  readonly groups: number;
  readonly groupindex: Record<string, number>;
  readonly #scanning: RegExp;
  readonly #anchored: RegExp;
  readonly #whole: RegExp;

  constructor(pattern: string, flags: number) {
    const translated = translatePattern(pattern, flags);
    this.pattern = pattern;
    // Python marks every str pattern as UNICODE.
    this.flags = translated.flags | regexFlags.UNICODE;
    this.groups = translated.groupNames.length;
    this.groupindex = {};
    translated.groupNames.forEach((name, i) => {
      if (name !== null) this.groupindex[name] = i + 1;
    });
    this.#scanning = compileRegExp(translated.source, `${translated.jsFlags}g`);
    this.#anchored = compileRegExp(translated.source, `${translated.jsFlags}y`);
    this.#whole = compileRegExp(`(?:${translated.source})${END_OF_STRING}`, `${translated.jsFlags}y`);
  }

  get pythonType(): string {
    return 're.Pattern';
  }

  search(...args: unknown[]): PyMatch | null {
    return this.#matchWith(this.#scanning, 'search', args);
  }

  match(...args: unknown[]): PyMatch | null {
    return this.#matchWith(this.#anchored, 'match', args);
  }

  fullmatch(...args: unknown[]): PyMatch | null {
    return this.#matchWith(this.#whole, 'fullmatch', args);
  }

  findall(...args: unknown[]): unknown[] {
    const { string, pos, endpos } = this.#bindSubject('findall', args);
    return this.#scan(string, pos, endpos, 0).map((result) => {
      if (this.groups === 0) return result[0];
      const groups = Array.from({ length: this.groups }, (_, i) => result[i + 1] ?? '');
      return this.groups === 1 ? groups[0] : groups;
    });
  }

  finditer(...args: unknown[]): PyMatch[] {
    const { string, pos, endpos } = this.#bindSubject('finditer', args);
    return this.#scan(string, pos, endpos, 0).map((result) => new PyMatch(result, this, string, pos, endpos));
  }

  sub(...args: unknown[]): string {
    return this.subn(...args)[0];
  }

  /** Replacements are worked out after all matches are found, so a callback may use this pattern again. */
  subn(...args: unknown[]): [string, number] {
    const { repl, string, count } = bindPatternArguments('subn', ['repl', 'string', 'count'], { count: 0 }, args);
    const subject = requireString(string, 'subn() string');
    const replace = typeof repl === 'function' ? (match: PyMatch) => pythonStr(repl(match)) : templateReplacer(requireString(repl, 'subn() repl'), this);
    const found = this.#scan(subject, 0, subject.length, requireInt(count, 'count'));
    let result = '';
    let copiedUpTo = 0;
    for (const match of found) {
      result += subject.slice(copiedUpTo, match.index) + replace(new PyMatch(match, this, subject, 0, subject.length));
      copiedUpTo = match.index + match[0].length;
    }
    return [result + subject.slice(copiedUpTo), found.length];
  }

  /** Captured groups are kept between the pieces, None for those that did not take part, as Python does. */
  split(...args: unknown[]): (string | null)[] {
    const { string, maxsplit } = bindPatternArguments('split', ['string', 'maxsplit'], { maxsplit: 0 }, args);
    const subject = requireString(string, 'split() string');
    const pieces: (string | null)[] = [];
    let copiedUpTo = 0;
    for (const match of this.#scan(subject, 0, subject.length, requireInt(maxsplit, 'maxsplit'))) {
      pieces.push(subject.slice(copiedUpTo, match.index), ...Array.from({ length: this.groups }, (_, i) => match[i + 1] ?? null));
      copiedUpTo = match.index + match[0].length;
    }
    pieces.push(subject.slice(copiedUpTo));
    return pieces;
  }

  __str__(): string {
    return `re.compile(${pythonStringRepr(this.pattern)})`;
  }

  toString(): string {
    return this.__str__();
  }

  #bindSubject(method: string, args: unknown[]): { string: string; pos: number; endpos: number } {
    const bound = bindPatternArguments(method, ['string', 'pos', 'endpos'], { pos: 0, endpos: null }, args);
    const string = requireString(bound.string, `${method}() string`);
    const clamp = (value: number) => Math.max(0, Math.min(value, string.length));
    const endpos = bound.endpos === null ? string.length : clamp(requireInt(bound.endpos, 'endpos'));
    return { string, pos: clamp(requireInt(bound.pos, 'pos')), endpos };
  }

  #matchWith(regex: RegExp, method: string, args: unknown[]): PyMatch | null {
    const { string, pos, endpos } = this.#bindSubject(method, args);
    regex.lastIndex = pos;
    const result = regex.exec(string.slice(0, endpos));
    return result ? new PyMatch(result, this, string, pos, endpos) : null;
  }

  /** Successive non-overlapping matches; after an empty match the scan moves on one character. */
  #scan(string: string, pos: number, endpos: number, limit: number): RegExpExecArray[] {
    const subject = string.slice(0, endpos);
    const found: RegExpExecArray[] = [];
    let from = pos;
    while (from <= subject.length && (limit <= 0 || found.length < limit)) {
      this.#scanning.lastIndex = from;
      const result = this.#scanning.exec(subject);
      if (!result) break;
      found.push(result);
      const end = result.index + result[0].length;
      from = end === result.index ? end + 1 : end;
    }
    return found;
  }
}

function templateReplacer(template: string, pattern: PyPattern): (match: PyMatch) => string {
  const parsed = parseTemplate(template, pattern);
  return (match) => fillTemplate(parsed, match);
}

function bindPatternArguments(method: string, params: string[], defaults: Record<string, unknown>, args: unknown[]): Record<string, unknown> {
  return bindArguments({ name: method, params, defaults }, args);
}

const compiled = new Map<string, PyPattern>();

function compile(pattern: unknown, flags: unknown): PyPattern {
  const flagBits = requireInt(flags, 'flags');
  if (pattern instanceof PyPattern) {
    if (flagBits !== 0) throw new PythonValueError('cannot process flags argument with a compiled pattern');
    return pattern;
  }
  const source = requireString(pattern, 'pattern');
  const key = `${flagBits}:${source}`;
  let found = compiled.get(key);
  if (!found) {
    if (compiled.size >= 512) compiled.clear();
    found = new PyPattern(source, flagBits);
    compiled.set(key, found);
  }
  return found;
}

/** The signature of the module-level functions that compile `pattern` and call the pattern's method of the same name. */
const onString = (name: string) => ({ name, params: ['pattern', 'string', 'flags'], defaults: { flags: 0 } });

export const reModule = {
  compile: pyFunction({ name: 'compile', params: ['pattern', 'flags'], defaults: { flags: 0 } }, (a) => compile(a.pattern, a.flags)),
  search: pyFunction(onString('search'), (a) => compile(a.pattern, a.flags).search(a.string)),
  match: pyFunction(onString('match'), (a) => compile(a.pattern, a.flags).match(a.string)),
  fullmatch: pyFunction(onString('fullmatch'), (a) => compile(a.pattern, a.flags).fullmatch(a.string)),
  findall: pyFunction(onString('findall'), (a) => compile(a.pattern, a.flags).findall(a.string)),
  finditer: pyFunction(onString('finditer'), (a) => compile(a.pattern, a.flags).finditer(a.string)),
  sub: pyFunction({ name: 'sub', params: ['pattern', 'repl', 'string', 'count', 'flags'], defaults: { count: 0, flags: 0 } }, (a) =>
    compile(a.pattern, a.flags).sub(a.repl, a.string, a.count),
  ),
  subn: pyFunction({ name: 'subn', params: ['pattern', 'repl', 'string', 'count', 'flags'], defaults: { count: 0, flags: 0 } }, (a) =>
    compile(a.pattern, a.flags).subn(a.repl, a.string, a.count),
  ),
  split: pyFunction({ name: 'split', params: ['pattern', 'string', 'maxsplit', 'flags'], defaults: { maxsplit: 0, flags: 0 } }, (a) =>
    compile(a.pattern, a.flags).split(a.string, a.maxsplit),
  ),
  escape: pyFunction({ name: 'escape', params: ['pattern'] }, (a) => escapePattern(requireString(a.pattern, 'escape() pattern'))),
  purge: pyFunction({ name: 'purge', params: [] }, () => compiled.clear()),
  NOFLAG: 0,
  ...regexFlags,
  I: regexFlags.IGNORECASE,
  L: regexFlags.LOCALE,
  M: regexFlags.MULTILINE,
  S: regexFlags.DOTALL,
  U: regexFlags.UNICODE,
  X: regexFlags.VERBOSE,
  A: regexFlags.ASCII,
};
