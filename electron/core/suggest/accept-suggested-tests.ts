import { Document } from 'yaml';
import type { AcceptedTests, SuggestedTest } from '../../../shared/suggest-types.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { addTestsToDocument } from './add-tests-to-document.js';
import { findSchemaEntry, SuggestError } from './schema-entry.js';
import { LayoutError, spliceInsertions } from './splice-insertions.js';
import { modelNode, suggestTests, type SuggestOptions } from './suggest-tests.js';
import { layoutOf } from './yaml-layout.js';

/**
 * Writes accepted suggestions into the model's schema file. The suggestions are made again from
 * the data as it is now (an id is accepted only while its evidence holds) and the file is read
 * again (edits made since are kept; a test it declares meanwhile is not added twice). Only the
 * added lines change in the file, which is replaced whole or not at all.
 */
export async function acceptSuggestedTests(options: SuggestOptions & { ids: string[] | 'all' }): Promise<AcceptedTests> {
  const node = modelNode(options.compiled, options.model);
  const current = await suggestTests(options);
  const chosen = pick(current.suggestions, options.ids, node.name);
  const { project } = options.compiled;
  const entry = await findSchemaEntry(project.root, project.paths.models, node.name, node.source.location.file);
  const hadContents = entry.doc.contents !== null;
  const { added, alreadyDeclared } = addTestsToDocument(entry.doc, entry.index, node.name, chosen);
  const result = { node: node.id, file: entry.file, created: false, added, alreadyDeclared };
  if (added.length === 0) return result;
  const crlf = entry.text.includes('\r\n');
  const original = crlf ? entry.text.replaceAll('\r\n', '\n') : entry.text;
  let text: string;
  try {
    // A file of comments only has no document to edit in place: the new one goes after them.
    text = hadContents ? spliceInsertions(original, entry.doc, layoutOf(original)) : `${original}${original === '' || original.endsWith('\n') ? '' : '\n'}${new Document(entry.doc.contents).toString(layoutOf(original))}`;
  } catch (err) {
    if (err instanceof LayoutError) throw new SuggestError(`${entry.file}: ${err.message}; nothing was written`);
    throw err;
  }
  await writeFileAtomically(entry.abs, crlf ? text.replaceAll('\n', '\r\n') : text);
  return { ...result, created: !entry.exists };
}

function pick(suggestions: SuggestedTest[], ids: string[] | 'all', model: string): SuggestedTest[] {
  if (ids === 'all') {
    if (suggestions.length === 0) throw new SuggestError(`no test is suggested for ${model}: nothing to accept`);
    return suggestions;
  }
  const byId = new Map(suggestions.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const now = suggestions.length > 0 ? `suggested now: ${suggestions.map((s) => s.id).join(', ')}` : 'nothing is suggested now';
    throw new SuggestError(`not (or no longer) suggested for ${model}: ${unknown.join(', ')} (${now}); nothing was written`);
  }
  return suggestions.filter((s) => ids.includes(s.id));
}
