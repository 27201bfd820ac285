import { Document, isSeq, visit } from 'yaml';
import type { SuggestedTest, SuggestionKind } from '../../../shared/suggest-types.js';

/** A suggested test with its id and the YAML it adds; ids name what the test says, so they stay the same while the evidence holds. */
export function suggestion(kind: SuggestionKind, column: string | undefined, entry: unknown, evidence: string, idSuffix?: string): SuggestedTest {
  const id = [kind, column, idSuffix].filter((part) => part !== undefined).join('.');
  return { id, kind, ...(column !== undefined ? { column } : {}), entry, yaml: entryYaml(entry), evidence };
}

/** One entry of a `tests:` list as YAML, a value list written on one line as schema files usually do. */
export function entryYaml(entry: unknown): string {
  const doc = new Document([entry]);
  flowValueLists(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** `values: [a, b]` on one line. */
export function flowValueLists(node: Parameters<typeof visit>[0]): void {
  visit(node, {
    Pair(_, pair) {
      if (isScalarKey(pair.key, 'values') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
}

function isScalarKey(key: unknown, name: string): boolean {
  return (key as { value?: unknown } | null)?.value === name || key === name;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
