import { quoteIdentifier } from '../../sql/sql-text.js';
import { pyFunction } from '../jinja/python-call.js';

export type RelationType = 'table' | 'view' | 'cte' | 'external' | 'ephemeral' | null;

export interface RelationParts {
  database?: string | null;
  schema?: string | null;
  identifier?: string | null;
  type?: RelationType;
}

/**
 * dbt's Relation as templates see it: `{{ this }}` prints it, macros read `.schema`,
 * `.identifier`, `.is_table` and call `.include()`/`.incorporate()`. `rendered` overrides how it
 * prints when Assay reads it another way (a source's files, an ephemeral model inlined).
 */
export class Relation {
  readonly database: string | null;
  readonly schema: string | null;
  readonly identifier: string | null;
  readonly type: RelationType;

  constructor(parts: RelationParts, private readonly rendered?: string, private readonly included = { database: false, schema: true, identifier: true }) {
    this.database = parts.database ?? null;
    this.schema = parts.schema ?? null;
    this.identifier = parts.identifier ?? null;
    this.type = parts.type ?? null;
  }

  get name(): string | null {
    return this.identifier;
  }
  get table(): string | null {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }

  render(): string {
    if (this.rendered !== undefined) return this.rendered;
    const parts: string[] = [];
    if (this.included.database && this.database) parts.push(quoteIdentifier(this.database));
    if (this.included.schema && this.schema && this.schema !== 'main') parts.push(quoteIdentifier(this.schema));
    if (this.included.identifier && this.identifier) parts.push(quoteIdentifier(this.identifier));
    return parts.join('.');
  }

  __str__(): string {
    return this.render();
  }
  toString(): string {
    return this.render();
  }
  __eq__(other: unknown): boolean {
    return other instanceof Relation && other.render() === this.render();
  }

  include = pyFunction({ name: 'include', params: ['database', 'schema', 'identifier'], defaults: { database: null, schema: null, identifier: null } }, (a) => {
    const pick = (key: 'database' | 'schema' | 'identifier') => (a[key] === null ? this.included[key] : Boolean(a[key]));
    return new Relation(this, this.rendered, { database: pick('database'), schema: pick('schema'), identifier: pick('identifier') });
  });

  incorporate = pyFunction({ name: 'incorporate', params: ['path', 'type'], defaults: { path: null, type: null } }, (a) => {
    const path = (a.path ?? {}) as RelationParts;
    return new Relation({ ...this, ...path, type: (a.type as RelationType) ?? this.type }, undefined, this.included);
  });

  /** dbt's Relation is a mapping: macros check `obj is mapping and obj.get('metadata', {}).get('type')`. */
  readonly __mapping__ = true;
  get = (key: unknown, fallback: unknown = null) => {
    if (key === 'metadata') return { type: 'DuckDBRelation' };
    const value = (this as unknown as Record<string, unknown>)[String(key)];
    return value === undefined || typeof value === 'function' ? fallback : value;
  };

  quote = () => this;
  without_identifier = () => new Relation(this, undefined, { ...this.included, identifier: false });
}
