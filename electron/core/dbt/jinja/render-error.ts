/** Where a template was when something failed: the file (relative to the project) and line. */
export interface TemplatePosition {
  file: string;
  line?: number;
}

/**
 * An error while parsing or rendering a template, naming the file and line where it happened and
 * the macro calls that led there (innermost first).
 */
export class TemplateError extends Error {
  constructor(
    readonly reason: string,
    readonly position: TemplatePosition,
    readonly callers: { macro: string; from: TemplatePosition }[] = [],
  ) {
    super(reason);
  }
}

export function formatPosition(position: TemplatePosition): string {
  return position.line === undefined ? position.file : `${position.file}:${position.line}`;
}

/** dbt's `exceptions.raise_compiler_error`: stops the render with the template's own message. */
export class CompilerError extends Error {}

/** Thrown by `return(value)` and caught by the macro call it returns from. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}
