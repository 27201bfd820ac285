import semver from 'semver';
import type { ProjectError } from '../../../shared/project-types.js';

/** The dbt whose semantics Assay follows: templates read it as `dbt_version`. */
export const DBT_VERSION = '1.10.5';

/**
 * dbt's `require-dbt-version` (a range, or a list of ranges that must all hold) of a project or a
 * package: when Assay's dbt version is outside it, a warning naming the file, as dbt would refuse.
 */
export function dbtVersionWarning(required: unknown, file: string, who: string): ProjectError[] {
  if (required === undefined || required === null) return [];
  const ranges = (Array.isArray(required) ? required : [required]).map(String);
  const unmet = ranges.filter((range) => semver.validRange(range) === null || !semver.satisfies(DBT_VERSION, range));
  if (unmet.length === 0) return [];
  return [{ file, line: 1, severity: 'warning', message: `${who} requires dbt ${ranges.join(', ')}; Assay follows dbt ${DBT_VERSION}'s semantics, so what it relies on may differ` }];
}
