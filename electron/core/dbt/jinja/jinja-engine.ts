import { parse, tokenize } from '@huggingface/jinja';
import { DbtInterpreter } from './dbt-interpreter.js';
import { locateParseError } from './parse-diagnosis.js';
import { printStatements } from './print-statements.js';
import { TemplateError, type TemplatePosition } from './render-error.js';
import { prepareSource, RAW_FUNCTION } from './template-source.js';
import { rewriteTokens, type RewriteResult, type Token } from './token-rewrites.js';
import { type JinjaScope, type RuntimeValue } from './runtime-values.js';

/** A template parsed once and rendered many times. */
export interface ParsedTemplate {
  file: string;
  program: { type: string; body: { type: string; [key: string]: unknown }[] };
  materializations: RewriteResult['materializations'];
  snapshots: RewriteResult['snapshots'];
}

/**
 * dbt-flavoured Jinja on @huggingface/jinja: parse (with dbt's block tags and line positions) and
 * render in a scope. Parsed templates are kept by file and text, so re-rendering a project after
 * one file changed parses only that file.
 */
/**
 * Templates parsed in this process, by file, with the text they were parsed from. A parsed
 * template is never changed after parsing, so every runtime (each compile makes one) shares them:
 * compiling again after an edit parses only the edited file.
 */
const parsedByFile = new Map<string, { text: string; template: ParsedTemplate }>();

export class JinjaEngine {
  readonly interpreter = new DbtInterpreter();

  /** Parses `text`; a syntax error is a TemplateError naming the file and line at fault. */
  parse(file: string, text: string): ParsedTemplate {
    const cached = parsedByFile.get(file);
    if (cached?.text === text) return cached.template;
    const prepared = prepareSource(text);
    let rewritten: RewriteResult;
    let program: ParsedTemplate['program'];
    try {
      const tokens = inlineRaws(tokenize(prepared.text) as Token[], prepared.raws);
      rewritten = rewriteTokens(tokens, this.interpreter.fileId(file), prepared.tagLines);
      program = printStatements(parse(rewritten.tokens as never) as never) as unknown as ParsedTemplate['program'];
    } catch (err) {
      const located = locateParseError(prepared.text, prepared.tagLines);
      const message = located.reason ?? (err instanceof Error ? err.message : String(err));
      throw new TemplateError(`syntax error: ${message.replace(/^(Parser Error|SyntaxError): /, '')}`, { file, line: located.line });
    }
    const template: ParsedTemplate = { file, program, materializations: rewritten.materializations, snapshots: rewritten.snapshots };
    parsedByFile.set(file, { text, template });
    return template;
  }

  /** Renders a parsed template in `scope` to text. */
  render(template: ParsedTemplate, scope: JinjaScope): string {
    return this.interpreter.within(template.file, () => (this.interpreter.eval(template.program, scope) as RuntimeValue).value as string);
  }

  /** Defines the macros of a macro file in `scope` (dbt ignores everything else in such a file). */
  defineMacros(template: ParsedTemplate, scope: JinjaScope, onMacro: (name: string, position: TemplatePosition, value: RuntimeValue) => void): void {
    this.interpreter.onMacroDefined = onMacro;
    try {
      this.interpreter.within(template.file, () => {
        for (const statement of template.program.body) {
          if (statement.type === 'Macro' || statement.type === 'Identifier') this.interpreter.eval(statement, scope);
        }
      });
    } finally {
      this.interpreter.onMacroDefined = undefined;
    }
  }
}

/** `{{ RAW(n) }}` (what prepareSource left for a raw block) becomes the block's text as a string literal. */
function inlineRaws(tokens: Token[], raws: string[]): Token[] {
  if (raws.length === 0) return tokens;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'Identifier' && token.value === RAW_FUNCTION && tokens[i + 2]) {
      out.push({ type: 'StringLiteral', value: raws[Number((tokens[i + 2] as Token).value)] ?? '' });
      i += 3;
      continue;
    }
    out.push(token);
  }
  return out;
}

