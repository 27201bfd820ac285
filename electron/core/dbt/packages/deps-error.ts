/** One thing wrong with the packages a project declares: where (when a file says it) and what. */
export interface DepsProblem {
  file?: string;
  line?: number;
  message: string;
}

/**
 * Why `assay deps` stopped. Nothing was installed when it is thrown: the previous
 * `packages-install-path` folder and package-lock.yml are as they were.
 */
export class DepsError extends Error {
  constructor(readonly problems: DepsProblem[]) {
    super(problems.map(formatDepsProblem).join('\n'));
    this.name = 'DepsError';
  }
}

export function formatDepsProblem(p: DepsProblem): string {
  return p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}` : p.message;
}
