import { bindArguments } from '../../jinja/python-call.js';
import { PythonIndexError, RegexError } from './errors.js';
import { pythonStringRepr, requireString } from './values.js';

/** What a match needs to know of its pattern to resolve group names. */
export interface GroupLookup {
  readonly groups: number;
  readonly groupindex: Record<string, number>;
}

/** Python's `re.Match`. Unmatched groups are None (null), positions of unmatched groups -1. */
export class PyMatch {
  readonly #result: RegExpExecArray;

  constructor(
    result: RegExpExecArray,
    readonly re: GroupLookup,
    readonly string: string,
    readonly pos: number,
    readonly endpos: number,
  ) {
    this.#result = result;
  }

  get pythonType(): string {
    return 're.Match';
  }

  group(...groups: unknown[]): string | null | (string | null)[] {
    if (groups.length === 0) return this.#value(0);
    if (groups.length === 1) return this.#value(this.#index(groups[0]));
    return groups.map((group) => this.#value(this.#index(group)));
  }

  groups(...args: unknown[]): (string | null | unknown)[] {
    const { default: fallback } = bindArguments({ name: 'groups', params: ['default'], defaults: { default: null } }, args);
    return Array.from({ length: this.re.groups }, (_, i) => this.#value(i + 1) ?? fallback);
  }

  groupdict(...args: unknown[]): Record<string, unknown> {
    const { default: fallback } = bindArguments({ name: 'groupdict', params: ['default'], defaults: { default: null } }, args);
    return Object.fromEntries(Object.entries(this.re.groupindex).map(([name, index]) => [name, this.#value(index) ?? fallback]));
  }

  start(...args: unknown[]): number {
    return this.span(...args)[0];
  }

  end(...args: unknown[]): number {
    return this.span(...args)[1];
  }

  span(...args: unknown[]): [number, number] {
    const { group } = bindArguments({ name: 'span', params: ['group'], defaults: { group: 0 } }, args);
    const indices = this.#result.indices?.[this.#index(group)];
    return indices ? [indices[0], indices[1]] : [-1, -1];
  }

  /** The replacement template of `re.sub` filled in from this match. */
  expand(...args: unknown[]): string {
    const { template } = bindArguments({ name: 'expand', params: ['template'] }, args);
    return fillTemplate(parseTemplate(requireString(template, 'expand() template'), this.re), this);
  }

  __str__(): string {
    const [start, end] = this.span();
    return `<re.Match object; span=(${start}, ${end}), match=${pythonStringRepr(this.#result[0])}>`;
  }

  toString(): string {
    return this.__str__();
  }

  #index(group: unknown): number {
    if (typeof group === 'number' && Number.isInteger(group) && group >= 0 && group <= this.re.groups) return group;
    if (typeof group === 'string' && Object.hasOwn(this.re.groupindex, group)) return this.re.groupindex[group]!;
    throw new PythonIndexError('no such group');
  }

  #value(index: number): string | null {
    return this.#result[index] ?? null;
  }
}

/** A replacement template: literal text and the group numbers to splice in. */
export type Template = (string | number)[];

const characterEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/** Python's replacement syntax: `\1`, `\g<1>`, `\g<name>`, and the usual character escapes. */
export function parseTemplate(template: string, pattern: GroupLookup): Template {
  const parts: Template = [];
  let literal = '';
  const groupNumber = (reference: string): number => {
    const index = /^\d+$/.test(reference) ? Number(reference) : pattern.groupindex[reference];
    if (index === undefined || index > pattern.groups) throw new RegexError(`invalid group reference ${reference}`);
    return index;
  };
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    const next = template[i + 1];
    if (char !== '\\' || next === undefined) {
      literal += char;
      continue;
    }
    let group: number | undefined;
    if (next === 'g') {
      const reference = /^<([^>]*)>/.exec(template.slice(i + 2));
      if (!reference) throw new RegexError('missing < in group reference');
      group = groupNumber(reference[1]!);
      i += 1 + reference[0].length;
    } else if (/[1-9]/.test(next)) {
      const digits = /^\d{1,2}/.exec(template.slice(i + 1))![0];
      group = groupNumber(digits);
      i += digits.length;
    } else if (next in characterEscapes) {
      literal += characterEscapes[next];
      i++;
    } else if (/[A-Za-z0]/.test(next)) {
      throw new RegexError(`bad escape \\${next}`);
    } else {
      literal += `\\${next}`;
      i++;
    }
    if (group !== undefined) {
      parts.push(literal, group);
      literal = '';
    }
  }
  parts.push(literal);
  return parts;
}

export function fillTemplate(template: Template, match: PyMatch): string {
  return template.map((part) => (typeof part === 'string' ? part : ((match.group(part) as string | null) ?? ''))).join('');
}
