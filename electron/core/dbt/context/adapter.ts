import { quoteIdentifier } from '../../sql/sql-text.js';
import type { AdapterType } from '../adapter-type.js';
import { pyFunction } from '../jinja/python-call.js';
import type { MacroNamespaces } from '../macro-namespaces.js';
import { Relation, type RelationParts, type RelationType } from './relation.js';

/** A column as dbt's adapter describes it (`adapter.get_columns_in_relation`). */
export class Column {
  constructor(
    readonly name: string,
    readonly data_type: string,
  ) {}
  get column() {
    return this.name;
  }
  get dtype() {
    return this.data_type;
  }
  get quoted() {
    return quoteIdentifier(this.name);
  }
  is_string = () => /char|text|string/i.test(this.data_type);
  is_number = () => /int|float|double|decimal|numeric|real/i.test(this.data_type);
  is_numeric = () => /decimal|numeric/i.test(this.data_type);
  is_integer = () => /int/i.test(this.data_type);
  is_float = () => /float|double|real/i.test(this.data_type);
  string_size = () => 256;
  toString() {
    return `<Column ${this.name} (${this.data_type})>`;
  }
}

/** What the adapter can learn about relations; during parsing (execute false) nothing is known. */
export interface RelationCatalog {
  get(parts: RelationParts): Relation | undefined;
  columns(relation: Relation): Column[];
  query(sql: string): unknown;
}

export const relationCreate = pyFunction(
  { name: 'Relation.create', params: ['database', 'schema', 'identifier', 'type'], defaults: { database: null, schema: null, identifier: null, type: null }, kwargs: 'extra' },
  (a) => new Relation({ database: a.database as string | null, schema: a.schema as string | null, identifier: a.identifier as string | null, type: a.type as RelationType }),
);

/** dbt's `adapter` for the target's engine (`type`): dispatch, quoting and introspection. */
export function adapterObject(macros: MacroNamespaces, catalog: () => RelationCatalog, type: AdapterType) {
  const getRelation = pyFunction({ name: 'adapter.get_relation', params: ['database', 'schema', 'identifier'] }, (a) =>
    catalog().get({ database: a.database as string, schema: a.schema as string, identifier: a.identifier as string }) ?? null,
  );
  return {
    dispatch: pyFunction({ name: 'adapter.dispatch', params: ['macro_name', 'macro_namespace', 'packages'], defaults: { macro_namespace: null, packages: null } }, (a) =>
      macros.dispatch(String(a.macro_name), a.macro_namespace as string | null).value,
    ),
    type: () => type,
    quote: (identifier: unknown) => quoteIdentifier(String(identifier)),
    quote_as_configured: (identifier: unknown) => String(identifier),
    quote_seed_column: (column: unknown, quoteConfig: unknown) => (quoteConfig === false ? String(column) : quoteIdentifier(String(column))),
    get_relation: getRelation,
    load_relation: (relation: Relation) => catalog().get(relation) ?? null,
    already_exists: (schema: unknown, identifier: unknown) => catalog().get({ schema: String(schema), identifier: String(identifier) }) !== undefined,
    get_columns_in_relation: (relation: Relation) => catalog().columns(relation),
    get_missing_columns: (from: Relation, to: Relation) => {
      const present = new Set(catalog().columns(to).map((c) => c.name.toLowerCase()));
      return catalog().columns(from).filter((c) => !present.has(c.name.toLowerCase()));
    },
    list_relations_without_caching: () => [],
    expand_target_column_types: () => '',
    drop_relation: () => '',
    truncate_relation: () => '',
    rename_relation: () => '',
    create_schema: () => '',
    drop_schema: () => '',
    check_schema_exists: () => true,
    standardize_grants_dict: () => ({}),
    get_column_schema_from_query: () => [],
  };
}
