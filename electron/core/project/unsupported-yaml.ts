import type { ProjectError } from '../../../shared/project-types.js';

/** Sections of a schema.yml that dbt reads and Assay does not run yet, with what happens instead. */
const notRun: Record<string, string> = {
  semantic_models: 'semantic models are listed here but not executed (Assay has no semantic layer)',
  metrics: 'metrics are listed here but not executed (Assay has no semantic layer)',
  saved_queries: 'saved queries are listed here but not executed (Assay has no semantic layer)',
  macros: 'macro documentation is not read',
};

/**
 * What a schema.yml declares that Assay does not run: each is a warning naming the file and line,
 * never a silent skip.
 */
export function unsupportedYaml(value: Record<string, unknown>, file: string, lineOf: (p: (string | number)[]) => number | undefined): ProjectError[] {
  const warnings: ProjectError[] = [];
  for (const [section, reason] of Object.entries(notRun)) {
    const entries = value[section];
    if (Array.isArray(entries) && entries.length > 0) warnings.push({ file, line: lineOf([section]), severity: 'warning', message: `${section}: ${entries.length} declared; ${reason}` });
  }
  const models = Array.isArray(value.models) ? (value.models as Record<string, unknown>[]) : [];
  models.forEach((model, i) => {
    // dbt reads a contract from config only; one written beside it would otherwise be dropped unseen.
    if (model.contract !== undefined) {
      warnings.push({ file, line: lineOf(['models', i, 'contract']), severity: 'warning', node: String(model.name), message: `model '${String(model.name)}': 'contract' is read under 'config:' (config: {contract: {enforced: true}}); this one is not applied` });
    }
  });
  return warnings;
}
