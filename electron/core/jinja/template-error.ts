import type { ProjectError } from '../../../shared/project-types.js';

/**
 * Turns a nunjucks error into a ProjectError naming the file and line. nunjucks formats its errors
 * as `(path) [Line 3, Column 5]\n  Error: message`; the line of a runtime error is the line of the
 * output statement that failed.
 */
export function templateError(err: unknown, file: string, node: string | undefined, phase: 'parse' | 'render'): ProjectError {
  const raw = err instanceof Error ? err.message : String(err);
  // The parser counts lines from 1, the compiled template's runtime from 0.
  const lineOffset = phase === 'render' ? 1 : 0;
  const position = /\[Line (\d+)(?:, Column \d+)?\]/.exec(raw);
  const body = raw
    .replace(/^\([^)]*\)\s*(\[Line[^\]]*\])?\s*/, '')
    .replace(/^(Template render error|Error):\s*/i, '')
    .replace(/^\(unknown path\)\s*(\[Line[^\]]*\])?\s*/, '')
    .replace(/^(Template render error|Error):\s*/i, '')
    .trim();
  return { file, line: position ? Number(position[1]) + lineOffset : undefined, severity: 'error', node, message: explain(body) };
}

/** An error raised by Assay's own dbt functions (`ref`, `var`, ...); nunjucks adds the line. */
export class DbtContextError extends Error {}

function explain(message: string): string {
  const call = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(message);
  if (call) {
    const name = (call[1] as string).replace(/\["([^"]+)"\]/g, '.$1');
    return `'${name}' is not defined: it is neither a dbt function Assay supports nor a macro in the project's macros/ (dbt packages are not installed)`;
  }
  const undef = /attempted to output null or undefined value/.exec(message);
  if (undef) return `a variable used in {{ }} is undefined (${message})`;
  return message;
}
