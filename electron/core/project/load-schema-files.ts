import { unsupportedYaml } from './unsupported-yaml.js';
import { declareContract } from '../contracts/declare-contract.js';
import type { ColumnDoc, ProjectError, TestDeclaration } from '../../../shared/project-types.js';
import { resolveDocRefs } from './load-docs.js';
import { applyConfig, defaultNodeConfig } from './node-config.js';
import { listProjectFiles } from './project-files.js';
import { sourceId, type Exposure, type ModelNode, type SeedNode, type SourceNode } from './project.js';
import { schemaFileSchema, type DescribedNodeEntry, type SchemaFile, type SourceEntry } from './schema-file.js';
import { sourceRelation } from './source-location.js';
import { declareTests, type TestTarget } from './test-declarations.js';
import { readYamlFile, type YamlFile } from './yaml-file.js';
import { declareUnitTests } from '../unit-tests/declare-unit-tests.js';
import { declareDeliveries, type DatedDeliveries } from './dated-deliveries.js';

interface SchemaFilesInput {
  root: string;
  folders: string[];
  models: Map<string, ModelNode>;
  seeds: Map<string, SeedNode>;
  docs: Map<string, string>;
}

interface SchemaFilesResult {
  sources: SourceNode[];
  /** Snapshots defined in YAML (dbt 1.9: a `relation:` and a `config:`), as nodes. */
  snapshots: ModelNode[];
  tests: TestDeclaration[];
  exposures: Exposure[];
  errors: ProjectError[];
}

/** Reads every `.yml` under the model and seed paths: sources, and descriptions, config and tests of models and seeds. */
export async function loadSchemaFiles(input: SchemaFilesInput): Promise<SchemaFilesResult> {
  const result: SchemaFilesResult = { sources: [], snapshots: [], tests: [], exposures: [], errors: [] };
  const idCounter = new Map<string, number>();
  const unitTestIds = new Set<string>();
  for (const file of await listProjectFiles(input.root, input.folders, ['.yml', '.yaml'])) {
    const parsed = await readYamlFile(input.root, file, schemaFileSchema);
    if (!parsed.ok) {
      result.errors.push(...parsed.errors);
      continue;
    }
    const reader = new SchemaFileReader(parsed.yaml, input, result, idCounter, unitTestIds);
    reader.read();
  }
  return result;
}

class SchemaFileReader {
  constructor(
    private readonly yaml: YamlFile<SchemaFile>,
    private readonly input: SchemaFilesInput,
    private readonly out: SchemaFilesResult,
    private readonly idCounter: Map<string, number>,
    private readonly unitTestIds: Set<string>,
  ) {}

  read(): void {
    const { value } = this.yaml;
    value.sources?.forEach((source, i) => this.readSource(source, i));
    value.models?.forEach((entry, i) => this.describe('models', entry, i, this.input.models.get(entry.name)));
    value.seeds?.forEach((entry, i) => this.describe('seeds', entry, i, this.input.seeds.get(entry.name)));
    value.snapshots?.forEach((entry, i) => {
      if (typeof entry.relation === 'string') this.yamlSnapshot(entry, i);
      else this.describe('snapshots', entry, i, this.input.models.get(entry.name));
    });
    value.exposures?.forEach((entry, i) => {
      const where = this.at(['exposures', i, 'name']);
      const { name, type, label, url, owner } = entry;
      this.out.exposures.push({ name, type, label, url, owner, description: this.docs(entry.description, where), dependsOn: entry.depends_on, location: where });
    });
    const unit = declareUnitTests(value.unit_tests, this.yaml.file, (p) => this.yaml.lineOf(p), new Set(this.input.models.keys()), this.unitTestIds);
    this.out.tests.push(...unit.tests);
    this.out.errors.push(...unit.errors);
    this.out.errors.push(...unsupportedYaml(value, this.yaml.file, (p) => this.yaml.lineOf(p)));
  }

  private at(p: (string | number)[]) {
    return { file: this.yaml.file, line: this.yaml.lineOf(p) };
  }

  private readSource(source: SourceEntry, i: number): void {
    source.tables.forEach((table, j) => {
      const where = this.at(['sources', i, 'tables', j, 'name']);
      // dbt-external-tables' `external: {location}` is read the same way: on DuckDB its
      // stage_external_sources makes exactly such a view over the location.
      const location = externalLocation(table.meta, table.config, externalTable(table)) ?? externalLocation(source.meta, source.config);
      const identifier = table.identifier ?? table.name;
      const { relation, fileGlobs } = location ? sourceRelation(location, table.name, identifier) : { relation: '', fileGlobs: [] };
      const id = sourceId(source.name, table.name);
      const description = this.docs(table.description ?? source.description, where);
      const columns = this.columns(table, ['sources', i, 'tables', j], { node: id, nodeKind: 'source' });
      const named = location ? {} : { table: { schema: source.schema ?? source.name, identifier, ...(source.database ? { database: source.database } : {}) } };
      const dated = this.deliveries(deliveriesPattern(table.meta, source.meta), table.name, identifier, fileGlobs, ['sources', i, 'tables', j], { id, name: `${source.name}.${table.name}` });
      this.out.sources.push({ kind: 'source', id, name: `${source.name}.${table.name}`, sourceName: source.name, tableName: table.name, relation, fileGlobs, description, columns, location: where, ...named, ...dated });
      this.tests(table.data_tests ?? table.tests, ['sources', i, 'tables', j, table.data_tests ? 'data_tests' : 'tests'], { node: id, nodeKind: 'source' });
    });
  }

  private deliveries(pattern: string | undefined, tableName: string, identifier: string, fileGlobs: string[], p: (string | number)[], source: { id: string; name: string }): { deliveries?: DatedDeliveries } {
    if (pattern === undefined) return {};
    const formatted = pattern.replaceAll('{name}', tableName).replaceAll('{identifier}', identifier);
    const declared = declareDeliveries(formatted, fileGlobs, this.at([...p, 'name']), source);
    if ('error' in declared) {
      this.out.errors.push(declared.error);
      return {};
    }
    return declared;
  }

  /** A snapshot written in YAML: it snapshots `relation` (`ref('x')` or `source('a', 'b')`) with its `config:`. */
  private yamlSnapshot(entry: DescribedNodeEntry, i: number): void {
    const where = this.at(['snapshots', i, 'name']);
    const applied = applyConfig({ ...defaultNodeConfig('snapshot'), materialized: 'snapshot' }, asConfig(entry.config));
    applied.problems.forEach((problem) => this.error(this.at(['snapshots', i, 'config']), problem, entry.name));
    const node: ModelNode = { kind: 'model', id: entry.name, name: entry.name, rawSql: `select * from {{ ${String(entry.relation)} }}`, config: { ...applied.config, materialized: 'snapshot' }, columns: [], location: where };
    node.description = this.docs(entry.description, where);
    node.columns = this.columns(entry, ['snapshots', i], { node: node.id, nodeKind: 'model' });
    this.tests(entry.data_tests ?? entry.tests, ['snapshots', i, entry.data_tests ? 'data_tests' : 'tests'], { node: node.id, nodeKind: 'model' });
    this.out.snapshots.push(node);
  }

  private describe(section: 'models' | 'seeds' | 'snapshots', entry: DescribedNodeEntry, i: number, node: ModelNode | SeedNode | undefined): void {
    const where = this.at([section, i, 'name']);
    if (!node) {
      this.out.errors.push({ ...where, severity: 'warning', message: `${section}: '${entry.name}' is described here but there is no ${section.slice(0, -1)} named ${entry.name}` });
      return;
    }
    node.description = this.docs(entry.description, where);
    const nodeKind = node.kind;
    node.columns = this.columns(entry, [section, i], { node: node.id, nodeKind });
    if (node.kind === 'model') node.contract = declareContract(entry, [section, i], this.yaml.file, (p) => this.yaml.lineOf(p));
    if (entry.config) {
      const applied = applyConfig(node.config, entry.config);
      node.config = nodeKind === 'seed' ? { ...applied.config, materialized: 'seed' } : applied.config;
      applied.problems.forEach((problem) => this.error(this.at([section, i, 'config']), problem, node.id));
    }
    this.tests(entry.data_tests ?? entry.tests, [section, i, entry.data_tests ? 'data_tests' : 'tests'], { node: node.id, nodeKind });
  }

  private columns(entry: DescribedNodeEntry, p: (string | number)[], target: TestTarget): ColumnDoc[] {
    return (entry.columns ?? []).map((column, k) => {
      const columnPath = [...p, 'columns', k];
      this.tests(column.data_tests ?? column.tests, [...columnPath, column.data_tests ? 'data_tests' : 'tests'], { ...target, column: column.name });
      return { name: column.name, description: this.docs(column.description, this.at(columnPath)), dataType: column.data_type };
    });
  }

  private tests(entries: DescribedNodeEntry['tests'], p: (string | number)[], target: TestTarget): void {
    const declared = declareTests(entries, target, (index) => this.at([...p, index]), this.idCounter);
    this.out.tests.push(...declared.tests);
    this.out.errors.push(...declared.errors);
  }

  private docs(description: string | undefined, where: { file: string; line?: number }): string | undefined {
    const resolved = resolveDocRefs(description, this.input.docs, where);
    this.out.errors.push(...resolved.errors);
    return resolved.text;
  }

  private error(where: { file: string; line?: number }, message: string, node?: string): void {
    this.out.errors.push({ ...where, message, severity: 'error', node });
  }
}

function externalTable(table: Record<string, unknown>): Record<string, unknown> | undefined {
  const external = table.external;
  if (!external || typeof external !== 'object') return undefined;
  const location = (external as Record<string, unknown>).location;
  return typeof location === 'string' ? { external_location: location } : undefined;
}

function externalLocation(...bags: (Record<string, unknown> | undefined)[]): string | undefined {
  for (const bag of bags) {
    const value = bag?.external_location;
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** `meta.deliveries` on the table, else on its source (formatted with the table's name like external_location). */
function deliveriesPattern(...bags: (Record<string, unknown> | undefined)[]): string | undefined {
  for (const bag of bags) {
    const value = bag?.deliveries;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function asConfig(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
