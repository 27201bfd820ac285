const LISTED = 10;

/**
 * Why a select's value is suspicious: it is none of the select's options, so every element that
 * filters on it finds no rows, which looks like missing data rather than a typo. Undefined when the
 * value is an option, or when the options are not all known (a failed or capped options query).
 * A value that differs from an option only in case or spaces is named as the likely one.
 */
export function selectValueWarning(name: string, value: string, options: string[], complete: boolean): string | undefined {
  if (!complete || options.includes(value)) return undefined;
  const folded = value.trim().toLowerCase();
  const likely = options.find((o) => o.trim().toLowerCase() === folded);
  const listed = options.slice(0, LISTED).map((o) => `'${o}'`).join(', ') + (options.length > LISTED ? `, … (${options.length} in all)` : '');
  const hint = likely !== undefined ? `did you mean '${likely}'? ` : '';
  return `parameter '${name}': '${value}' is not one of its options (${listed || 'none'}); ${hint}the elements that filter on it will find no rows`;
}
