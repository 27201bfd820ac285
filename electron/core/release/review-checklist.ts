import { z } from 'zod';
import type { ChecklistItem, ReviewChecklist, SignoffCheck } from '../../../shared/release-types.js';
import { readYamlFile } from '../project/yaml-file.js';

/** What a reviewer checks when the project names nothing: advisory, so that no sign-off needs them. */
export const DEFAULT_REVIEW_CHECKLIST: readonly string[] = ['SQL changes read', 'Data diff explained', 'Tests cover the change', 'Dashboards checked'];

export class ChecklistError extends Error {}

const itemText = z.string().trim().min(1, 'an item needs some text').max(200, 'an item is at most 200 characters');
/** A plain string is a required item; `{item, required: false}` one the reviewer may leave unticked. */
const itemSchema = z.union([itemText, z.strictObject({ item: itemText, required: z.boolean().default(true) })], {
  error: 'each item is a string, or {item: <text>, required: true|false}',
});

const checklistSchema = z
  .array(itemSchema, { error: 'assay: review_checklist is a list of items' })
  .max(50, 'at most 50 items')
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((entry, index) => {
      const key = (typeof entry === 'string' ? entry : entry.item).toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `'${typeof entry === 'string' ? entry : entry.item}' is listed twice` });
      seen.add(key);
    });
  });

/** Only the part of dbt_project.yml the checklist lives in: the rest is the project loader's. */
const projectFileSchema = z.looseObject({ assay: z.looseObject({ review_checklist: checklistSchema.optional() }).nullish() });

/** The project's review checklist, from `assay: review_checklist` in dbt_project.yml, or Assay's default. */
export async function readReviewChecklist(projectRoot: string): Promise<ReviewChecklist> {
  const parsed = await readYamlFile(projectRoot, 'dbt_project.yml', projectFileSchema);
  if (!parsed.ok) {
    throw new ChecklistError(`the review checklist cannot be read: ${parsed.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('; ')}`);
  }
  const listed = parsed.yaml.value.assay?.review_checklist;
  if (!listed) return { items: DEFAULT_REVIEW_CHECKLIST.map((item) => ({ item, required: false })), source: 'default' };
  const items: ChecklistItem[] = listed.map((entry) => (typeof entry === 'string' ? { item: entry, required: true } : { item: entry.item, required: entry.required }));
  return { items, source: 'project' };
}

/**
 * The checklist as the reviewer left it. An item ticked that is not on the list, or a required item
 * left unticked, is refused by name: a sign-off records what was checked, so it must be the list's.
 */
export function tickChecklist(checklist: ReviewChecklist, ticked: readonly string[]): SignoffCheck[] {
  const where = checklist.source === 'project' ? 'the review checklist in dbt_project.yml (assay: review_checklist)' : "Assay's default review checklist (dbt_project.yml sets no assay: review_checklist)";
  const find = (text: string) => checklist.items.find((entry) => entry.item.toLowerCase() === text.trim().toLowerCase());
  const unknown = ticked.filter((text) => !find(text));
  if (unknown.length > 0) {
    throw new ChecklistError(`${unknown.map((text) => `'${text}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not on ${where}; its items are ${checklist.items.map((entry) => `'${entry.item}'`).join(', ')}`);
  }
  const tickedItems = new Set(ticked.map((text) => find(text)?.item));
  const checks = checklist.items.map((entry) => ({ ...entry, ticked: tickedItems.has(entry.item) }));
  const missing = checks.filter((check) => check.required && !check.ticked);
  if (missing.length > 0) {
    const names = missing.map((check) => `'${check.item}'`).join(', ');
    throw new ChecklistError(`the review checklist item${missing.length === 1 ? '' : 's'} ${names} ${missing.length === 1 ? 'is' : 'are'} required and not ticked: check ${missing.length === 1 ? 'it' : 'them'} before signing off`);
  }
  return checks;
}
