import { quoteIdentifier } from '../sql/sql-text.js';
import type { CatalogEntry } from './catalog.js';

/** How a node's view is named inside its environment: `"name"`, or `"schema"."name"` in a custom schema. */
export function entryRelation(entry: Pick<CatalogEntry, 'objectName' | 'objectSchema' | 'node'>, database?: string): string {
  const schema = entry.objectSchema ?? 'main';
  const name = quoteIdentifier(entry.objectName ?? entry.node);
  if (database) return `${database}.${quoteIdentifier(schema)}.${name}`;
  return schema === 'main' ? name : `${quoteIdentifier(schema)}.${name}`;
}
