import { CompilerError } from '../jinja/render-error.js';

/** dbt's `exceptions` namespace: errors stop the render with the template's message; warnings are collected. */
export function exceptionsNamespace(warn: (message: string) => void) {
  const raise = (kind: string) => (message?: unknown) => {
    throw new CompilerError(`${kind}: ${String(message ?? '')}`);
  };
  return {
    raise_compiler_error: raise('Compilation Error'),
    raise_database_error: raise('Database Error'),
    raise_not_implemented: raise('Not implemented'),
    raise_dependency_error: raise('Dependency Error'),
    raise_fail_fast_error: raise('Fail-fast Error'),
    column_type_missing: (names: unknown) => raise('Compilation Error')(`contracted model is missing column data types: ${String(names)}`),
    warn: (message?: unknown) => {
      warn(String(message ?? ''));
      return '';
    },
  };
}
