import path from 'node:path';
import type { ProjectError } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import { listProjectFiles } from '../project/project-files.js';
import type { Project } from '../project/project.js';
import { declareTests } from '../project/test-declarations.js';
import { readYamlFile, type YamlFile } from '../project/yaml-file.js';
import { checkQuery } from './check-query.js';
import { dashboardId, type Dashboard, type LoadedElement, type LoadedParameter } from './dashboard.js';
import { dashboardFileSchema, type DashboardFile } from './dashboard-schema.js';
import { placeholderNames } from './parameter-values.js';
import { withoutEmbedOptions } from './publish/published-page-policy.js';
import { validateVegaLite } from './vega-lite-schema.js';

export interface LoadOptions {
  /**
   * Validate each chart spec against the Vega-Lite schema (default true). Compiling that schema
   * costs about a second per process, which a run of the dashboards' data tests need not pay.
   */
  checkSpecs?: boolean;
}

/**
 * Reads every `dashboards/*.yml` of a project. Each file is one dashboard named after the file;
 * every problem names the file and line, and a broken file does not hide the others.
 */
export async function loadDashboards(project: Project, renderer: ProjectSqlRenderer, options: LoadOptions = {}): Promise<Dashboard[]> {
  const files = await listProjectFiles(project.root, project.paths.dashboards, ['.yml', '.yaml']);
  const dashboards: Dashboard[] = [];
  for (const file of files) {
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const parsed = await readYamlFile(project.root, file, dashboardFileSchema);
    if (!parsed.ok) {
      dashboards.push(emptyDashboard(name, file, parsed.errors));
      continue;
    }
    dashboards.push(checkDashboard(name, parsed.yaml, renderer, options.checkSpecs ?? true));
  }
  const seen = new Map<string, string>();
  for (const d of dashboards) {
    const other = seen.get(d.name);
    if (other) d.errors.push({ file: d.location.file, line: 1, severity: 'error', message: `dashboard '${d.name}' is also defined by ${other}: dashboard names must be unique` });
    seen.set(d.name, d.location.file);
  }
  return dashboards;
}

function checkDashboard(name: string, yaml: YamlFile<DashboardFile>, renderer: ProjectSqlRenderer, checkSpecs: boolean): Dashboard {
  const { file, value, lineOf } = yaml;
  const errors: ProjectError[] = [];
  const reads = new Set<string>();
  const at = (p: (string | number)[], message: string): ProjectError => ({ file, line: lineOf(p), severity: 'error', message });
  const definitions = value.parameters ?? [];
  const known = new Set(definitions.flatMap(placeholderNames));
  const testIds = new Map<string, number>();

  const parameters: LoadedParameter[] = definitions.map((p, i) => {
    const label = p.label ?? p.name;
    if (p.type !== 'select') return { ...p, label };
    const loaded: LoadedParameter = { name: p.name, label, type: 'select', default: p.default, options: p.options ?? [] };
    if (p.options_query) {
      const checked = checkQuery(renderer, p.options_query, file, lineOf(['parameters', i, 'options_query']), new Set(), `options_query of parameter '${p.name}'`);
      errors.push(...checked.errors);
      checked.reads.forEach((r) => reads.add(r));
      if (checked.sql) loaded.optionsSql = checked.sql;
    }
    return loaded;
  });
  duplicates(definitions.map((p) => p.name), (n, i) => errors.push(at(['parameters', i, 'name'], `parameter '${n}' is declared twice`)));
  duplicates(value.elements.map((e) => e.name), (n, i) => errors.push(at(['elements', i, 'name'], `element '${n}' is declared twice`)));

  const elements: LoadedElement[] = value.elements.map((e, i) => {
    const specPath = ['elements', i, 'spec'];
    if ('data' in e.spec) errors.push(at([...specPath, 'data'], `element '${e.name}': the spec must not carry data: the query's rows are its data`));
    const { data: _data, ...written } = e.spec;
    // How a chart is embedded is Assay's to decide, in the app as in a published page (published-page-policy.ts).
    const spec = withoutEmbedOptions(written);
    if (spec !== written) errors.push({ ...at([...specPath, 'usermeta', 'embedOptions'], `element '${e.name}': usermeta.embedOptions is ignored: Assay decides how charts are embedded`), severity: 'warning' });
    const problem = checkSpecs ? validateVegaLite(spec) : null;
    if (problem) errors.push(at([...specPath, ...problem.path], `element '${e.name}': invalid Vega-Lite spec: ${problem.message}`));
    const checked = checkQuery(renderer, e.query, file, lineOf(['elements', i, 'query']), known, `element '${e.name}'`);
    errors.push(...checked.errors);
    checked.reads.forEach((r) => reads.add(r));
    const target = { node: `${dashboardId(name)}.${e.name}`, nodeKind: 'dashboard' as const };
    const declared = declareTests(e.tests, target, (t) => ({ file, line: lineOf(['elements', i, 'tests', t]) }), testIds);
    errors.push(...declared.errors);
    return {
      name: e.name, title: e.title ?? e.name, span: e.span ?? 1, spec, sql: checked.sql ?? '', reads: checked.reads,
      location: { file, line: lineOf(['elements', i]) }, specLocation: { file, line: lineOf(specPath) }, tests: declared.tests,
    };
  });

  return {
    name, id: dashboardId(name), title: value.title, description: value.description ?? '', location: { file, line: 1 },
    columns: value.layout?.columns ?? 2, parameters, elements, dependsOn: [...reads], errors,
  };
}

function emptyDashboard(name: string, file: string, errors: ProjectError[]): Dashboard {
  return { name, id: dashboardId(name), title: name, description: '', location: { file, line: 1 }, columns: 2, parameters: [], elements: [], dependsOn: [], errors };
}

function duplicates(names: string[], report: (name: string, index: number) => void): void {
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) report(n, i);
  });
}
