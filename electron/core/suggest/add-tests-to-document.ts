import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SuggestedTest } from '../../../shared/suggest-types.js';
import { flowValueLists } from './suggestion.js';

/**
 * Adds accepted tests to a model's entry of a schema document, through the Document API so that
 * every other node keeps its comments, anchors and style: column tests under the column (the
 * column added when the file does not list it), model tests under the model. A test of the same
 * kind already in that list (the file changed since the suggestions were made) is left out and
 * named in the result. `modelIndex` null adds the model's entry to `models:`.
 */
export function addTestsToDocument(doc: Document, modelIndex: number | null, model: string, tests: SuggestedTest[]): { added: SuggestedTest[]; alreadyDeclared: string[] } {
  const testsKey = preferredTestsKey(doc);
  const entry = modelIndex === null ? newModelEntry(doc, model) : (doc.getIn(['models', modelIndex]) as YAMLMap);
  const added: SuggestedTest[] = [];
  const alreadyDeclared: string[] = [];
  for (const test of tests) {
    const owner = test.column === undefined ? entry : columnEntry(doc, entry, test.column);
    const list = testList(doc, owner, testsKey);
    if (list.items.some((item) => declaresSame(item, test))) {
      alreadyDeclared.push(test.id);
      continue;
    }
    const node = doc.createNode(test.entry) as Node;
    flowValueLists(node);
    list.items.push(node);
    added.push(test);
  }
  return { added, alreadyDeclared };
}

function newModelEntry(doc: Document, model: string): YAMLMap {
  if (!doc.has('version') && !doc.has('models') && (doc.contents === null || isMap(doc.contents))) doc.set('version', 2);
  let models = doc.get('models');
  if (!isSeq(models)) {
    doc.set('models', doc.createNode([]));
    models = doc.get('models');
  }
  const entry = doc.createNode({ name: model }) as YAMLMap;
  (models as YAMLSeq).items.push(entry);
  return entry;
}

function columnEntry(doc: Document, model: YAMLMap, column: string): YAMLMap {
  let columns = model.get('columns');
  if (!isSeq(columns)) {
    model.set('columns', doc.createNode([]));
    columns = model.get('columns');
  }
  const list = (columns as YAMLSeq).items;
  const found = list.find((item) => isMap(item) && String(item.get('name')) === column)
    ?? list.find((item) => isMap(item) && String(item.get('name')).toLowerCase() === column.toLowerCase());
  if (found) return found as YAMLMap;
  const made = doc.createNode({ name: column }) as YAMLMap;
  list.push(made);
  return made;
}

/** The entry's own list (`data_tests:` or `tests:`, whichever it has), else a new one under the file's usual key. */
function testList(doc: Document, owner: YAMLMap, usualKey: 'tests' | 'data_tests'): YAMLSeq {
  for (const key of ['data_tests', 'tests']) {
    const list = owner.get(key);
    if (isSeq(list)) return list;
  }
  owner.set(usualKey, doc.createNode([]));
  return owner.get(usualKey) as YAMLSeq;
}

/** dbt 1.8 writes `data_tests:`; a file that already does gets it, any other `tests:`. */
function preferredTestsKey(doc: Document): 'tests' | 'data_tests' {
  const text = JSON.stringify(doc.toJS() ?? {});
  return text.includes('"data_tests":') && !text.includes('"tests":') ? 'data_tests' : 'tests';
}

/** The same kind; for a variation, of the same metric (a model may vary several). */
function declaresSame(item: unknown, test: SuggestedTest): boolean {
  if (kindOf(item) !== test.kind) return false;
  if (test.kind !== 'variation' || !isMap(item)) return true;
  const metric = (value: unknown) => String(value ?? '').toLowerCase().replace(/\s+/g, '');
  const args = item.get(test.kind);
  return isMap(args) && metric(args.get('metric')) === metric((test.entry as { variation: { metric: string } }).variation.metric);
}

/** `not_null`, `{not_null: {...}}`, or `{test_name: ...}`. */
function kindOf(item: unknown): string | null {
  if (isScalar(item)) return String(item.value);
  if (!isMap(item)) return null;
  const named = item.get('test_name');
  if (typeof named === 'string') return named;
  const first = item.items[0]?.key;
  return isScalar(first) ? String(first.value) : null;
}
