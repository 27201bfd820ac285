/**
 * Where a dbt Hub package's source lives. The Hub serves tarballs of tagged releases of a GitHub
 * repository; Assay fetches the same releases with git, so a hub name becomes the repository URL
 * (and `git config url.<mirror>.insteadOf https://github.com/` can point it at a mirror).
 */

/** Hub names whose repository is not simply `<org>/<name with _ replaced by ->`. */
const renamed: Record<string, string> = {
  'dbt-labs/dbt_utils': 'dbt-labs/dbt-utils',
  'dbt-labs/audit_helper': 'dbt-labs/dbt-audit-helper',
  'dbt-labs/codegen': 'dbt-labs/dbt-codegen',
  'godatadriven/dbt_date': 'godatadriven/dbt-date',
  'calogica/dbt_date': 'godatadriven/dbt-date',
  'metaplane/dbt_expectations': 'metaplane/dbt-expectations',
  'calogica/dbt_expectations': 'metaplane/dbt-expectations',
};

/** `dbt-labs/dbt_utils` → `https://github.com/dbt-labs/dbt-utils.git`. */
export function hubRepositoryUrl(hubName: string): string {
  const [org = '', name = ''] = hubName.split('/');
  const repo = renamed[hubName.toLowerCase()] ?? `${org}/${name.replace(/_/g, '-')}`;
  return `https://github.com/${repo}.git`;
}
