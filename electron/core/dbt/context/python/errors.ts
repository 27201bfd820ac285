/** Errors that carry Python's exception names, so a template author reads `ValueError: ...` as dbt would show it. */
export class PythonError extends Error {}

export class PythonValueError extends PythonError {
  override name = 'ValueError';
}

export class PythonTypeError extends PythonError {
  override name = 'TypeError';
}

export class PythonIndexError extends PythonError {
  override name = 'IndexError';
}

export class PythonOverflowError extends PythonError {
  override name = 'OverflowError';
}

export class RegexError extends PythonError {
  override name = 're.error';
}

export class UnknownTimeZoneError extends PythonError {
  override name = 'UnknownTimeZoneError';
}
