/**
 * dbt's block tags that Jinja2 gets from dbt's own extensions, rewritten onto what the engine's
 * parser knows, token by token (the engine's tokens are plain `{type, value}` records):
 *
 * - `{% do expr %}` becomes `{{ DO_FUNCTION(expr) }}`, which evaluates and prints nothing;
 * - `{% test name(args) %}` becomes `{% macro test_name(args) %}`, as dbt names generic tests;
 * - `{% materialization name, adapter='x' %}` becomes a macro `MATERIALIZATION_PREFIX + name`, never
 *   called: Assay reports it as unsupported by name;
 * - `{% snapshot name %}` becomes a macro `SNAPSHOT_PREFIX + name` that the snapshot loader calls.
 *
 * It also places a line marker (an identifier `LINE_MARKER + "<file>:<line>"`) before each tag,
 * so that a runtime error can name the line it happened on.
 */
export interface Token {
  type: string;
  value: string;
}

export const DO_FUNCTION = '\u0001do';
export const LINE_MARKER = '\u0000';
export const MATERIALIZATION_PREFIX = '\u0001materialization_';
export const SNAPSHOT_PREFIX = '\u0001snapshot_';

const open = (type: 'OpenStatement' | 'OpenExpression'): Token => ({ type, value: type === 'OpenStatement' ? '{%' : '{{' });
const ident = (value: string): Token => ({ type: 'Identifier', value });

export interface RewriteResult {
  tokens: Token[];
  /** `{% materialization %}` blocks found, with their line. */
  materializations: { name: string; line?: number }[];
  snapshots: { name: string; line?: number }[];
}

export function rewriteTokens(input: Token[], fileId: number, tagLines: number[]): RewriteResult {
  const tags = input.filter((t) => t.type === 'OpenStatement' || t.type === 'OpenExpression').length;
  const lines = tags === tagLines.length ? tagLines : null;
  const tokens: Token[] = [];
  const materializations: RewriteResult['materializations'] = [];
  const snapshots: RewriteResult['snapshots'] = [];
  let tag = -1;
  let lastLine = -1;
  for (let i = 0; i < input.length; i++) {
    const token = input[i] as Token;
    if (token.type !== 'OpenStatement' && token.type !== 'OpenExpression') {
      tokens.push(token);
      continue;
    }
    tag += 1;
    const line = lines?.[tag];
    if (line !== undefined && line !== lastLine) {
      tokens.push(open('OpenExpression'), ident(`${LINE_MARKER}${fileId}:${line}`), { type: 'CloseExpression', value: '}}' });
      lastLine = line;
    }
    const name = input[i + 1];
    if (token.type !== 'OpenStatement' || name?.type !== 'Identifier') {
      tokens.push(token);
      continue;
    }
    switch (name.value) {
      case 'do': {
        tokens.push(open('OpenExpression'), ident(DO_FUNCTION), { type: 'OpenParen', value: '(' });
        i += 2;
        while (i < input.length && input[i]?.type !== 'CloseStatement') tokens.push(input[i++] as Token);
        tokens.push({ type: 'CloseParen', value: ')' }, { type: 'CloseExpression', value: '}}' });
        break;
      }
      case 'test':
        tokens.push(token, ident('macro'), ident(`test_${input[i + 2]?.value ?? ''}`));
        i += 2;
        break;
      case 'materialization':
      case 'snapshot': {
        const blockName = input[i + 2]?.value ?? '';
        (name.value === 'snapshot' ? snapshots : materializations).push({ name: blockName, line });
        tokens.push(token, ident('macro'), ident(`${name.value === 'snapshot' ? SNAPSHOT_PREFIX : MATERIALIZATION_PREFIX}${blockName}`), { type: 'OpenParen', value: '(' }, { type: 'CloseParen', value: ')' });
        i += 3;
        while (i < input.length && input[i]?.type !== 'CloseStatement') i++;
        tokens.push(input[i] as Token);
        break;
      }
      case 'endtest':
      case 'endmaterialization':
      case 'endsnapshot':
        tokens.push(token, ident('endmacro'));
        i += 1;
        break;
      default:
        tokens.push(token);
    }
  }
  return { tokens, materializations, snapshots };
}
