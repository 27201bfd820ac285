import type { Column } from './adapter.js';
import type { AgateTable } from './agate-table.js';
import type { Relation, RelationParts } from './relation.js';

/**
 * What a template may ask the database while the build runs (`execute` true): a relation, its
 * columns, a query's rows. Rendering is synchronous and the engine is not, so an answer not known
 * yet is recorded as pending and the render is tried again once the build has fetched it (see
 * build/introspect.ts). `undefined` means "not known yet"; `null` means "no such relation".
 */
export interface Introspection {
  relation(parts: RelationParts): Relation | null | undefined;
  columns(relation: Relation): Column[] | undefined;
  query(sql: string): AgateTable | undefined;
}
