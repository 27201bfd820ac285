import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { readReviewChecklist } from '../../electron/core/release/review-checklist.js';
import { listSignoffs, signOff, SIGNOFF_NOTES_REF } from '../../electron/core/release/signoff.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay as runCli } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const checklistProject = (checklist: string) => ({
  ...minimalProject,
  'dbt_project.yml': `name: demo\nversion: 1\nassay:\n  require_signoff: true\n  review_checklist:\n${checklist}`,
});

/** A committed project and a report (JSON) of its HEAD, ready to be signed off. */
async function projectToSign(files: Record<string, string>): Promise<{ root: string; reportFile: string; commit: string }> {
  const root = await writeTempProject({ ...files, 'models/orders.sql': 'select 1 as id\n', '.gitignore': 'report.json\n' });
  await initCommittedRepo(root);
  const commit = (await simpleGit(root).revparse(['HEAD'])).trim();
  const reportFile = path.join(root, 'report.json');
  await writeFile(reportFile, JSON.stringify({ commit, env_fingerprint: 'f'.repeat(64), tests: [] }));
  return { root, reportFile, commit };
}

const PROJECT_LIST = '    - SQL changes read\n    - Data diff explained\n    - item: Dashboards checked\n      required: false\n';

describe('the review checklist saved with a sign-off', () => {
  it("records which items of the project's list were ticked; a required item left unticked is refused by name", async () => {
    const { root, reportFile } = await projectToSign(checklistProject(PROJECT_LIST));
    expect(await readReviewChecklist(root)).toEqual({
      source: 'project',
      items: [{ item: 'SQL changes read', required: true }, { item: 'Data diff explained', required: true }, { item: 'Dashboards checked', required: false }],
    });

    const incomplete = await signOff({ projectRoot: root, reportFile, checked: ['SQL changes read'] });
    expect(incomplete).toMatchObject({ ok: false, code: 'invalid-checklist' });
    expect(!incomplete.ok && incomplete.error).toBe("the review checklist item 'Data diff explained' is required and not ticked: check it before signing off");
    const none = await signOff({ projectRoot: root, reportFile });
    expect(!none.ok && none.error).toContain("items 'SQL changes read', 'Data diff explained' are required and not ticked");
    expect((await listSignoffs(root)).ok && (await listSignoffs(root) as { signoffs: unknown[] }).signoffs).toEqual([]);

    // Ticks match the list's items whatever their case; the optional item may stay unticked.
    const signed = await signOff({ projectRoot: root, reportFile, checked: ['sql changes read', 'Data diff explained'], message: 'read it all' });
    expect(signed.ok).toBe(true);
    const listed = await listSignoffs(root);
    expect(listed.ok && listed.signoffs.map((s) => s.checklist)).toEqual([[
      { item: 'SQL changes read', required: true, ticked: true },
      { item: 'Data diff explained', required: true, ticked: true },
      { item: 'Dashboards checked', required: false, ticked: false },
    ]]);
  });

  it('refuses a ticked item that is not on the list, naming it and the items there are', async () => {
    const { root, reportFile } = await projectToSign(checklistProject(PROJECT_LIST));
    const result = await signOff({ projectRoot: root, reportFile, checked: ['SQL changes read', 'Data diff explained', 'Load tested'] });
    expect(result).toMatchObject({ ok: false, code: 'invalid-checklist' });
    expect(!result.ok && result.error).toBe(
      "'Load tested' is not on the review checklist in dbt_project.yml (assay: review_checklist); its items are 'SQL changes read', 'Data diff explained', 'Dashboards checked'",
    );
  });

  it("offers Assay's default list when the project sets none, with nothing required", async () => {
    const { root, reportFile } = await projectToSign({ ...minimalProject });
    const checklist = await readReviewChecklist(root);
    expect(checklist.source).toBe('default');
    expect(checklist.items.map((entry) => entry.item)).toEqual(['SQL changes read', 'Data diff explained', 'Tests cover the change', 'Dashboards checked']);
    expect(checklist.items.every((entry) => !entry.required)).toBe(true);
    const signed = await signOff({ projectRoot: root, reportFile });
    expect(signed.ok && signed.signoff.checklist?.every((check) => !check.ticked)).toBe(true);
    const wrong = await signOff({ projectRoot: root, reportFile, checked: ['Peer reviewed'] });
    expect(!wrong.ok && wrong.error).toMatch(/^'Peer reviewed' is not on Assay's default review checklist \(dbt_project.yml sets no assay: review_checklist\)/);
  });

  it.each([
    ['an item that is a number', '    - SQL changes read\n    - 42\n', 'dbt_project.yml:7: assay.review_checklist.1: each item is a string, or {item: <text>, required: true|false}'],
    ['an item listed twice', '    - SQL changes read\n    - sql changes read\n', "dbt_project.yml:7: assay.review_checklist.1: 'sql changes read' is listed twice"],
    ['a list that is a string', '    "SQL changes read"\n', 'dbt_project.yml:5: assay.review_checklist: assay: review_checklist is a list of items'],
    ['an object with an unknown key', '    - item: SQL changes read\n      mandatory: true\n', 'dbt_project.yml:6: assay.review_checklist.0: Unrecognized key: "mandatory"'],
    ['an empty item', '    - ""\n', 'dbt_project.yml:6: assay.review_checklist.0: an item needs some text'],
  ])('refuses a malformed checklist (%s), naming the file and line', async (_case, checklist, expected) => {
    const { root, reportFile } = await projectToSign(checklistProject(checklist));
    await expect(readReviewChecklist(root)).rejects.toThrow(expected);
    const result = await signOff({ projectRoot: root, reportFile, checked: ['SQL changes read'] });
    expect(result).toMatchObject({ ok: false, code: 'invalid-checklist' });
    expect(!result.ok && result.error).toContain(expected);
  });

  it('still reads a sign-off recorded before there were checklists, and the CLI prints what was ticked', async () => {
    const { root, reportFile, commit } = await projectToSign(checklistProject(PROJECT_LIST));
    const old = { commit, reviewer: { name: 'Earlier Reviewer', email: 'earlier@example.com' }, report_sha256: 'a'.repeat(64), report_file: 'report.json', env_fingerprint: null, message: null, signed_at: '2024-01-02T03:04:05.000Z' };
    await simpleGit(root).raw(['notes', '--ref', SIGNOFF_NOTES_REF, 'append', '-m', JSON.stringify(old), commit]);

    const cli = await runCli(['signoff', '--report', reportFile, '--check', 'SQL changes read', '--check', 'Data diff explained', '-p', root]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('checklist: ✔ SQL changes read, ✔ Data diff explained, ✘ Dashboards checked (optional)');
    const refused = await runCli(['signoff', '--report', reportFile, '--check', 'SQL changes read', '-p', root]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("'Data diff explained' is required and not ticked");

    const listed = await listSignoffs(root, commit);
    expect(listed.ok && listed.signoffs.map((s) => [s.reviewer.name, s.checklist?.filter((c) => c.ticked).map((c) => c.item) ?? null])).toEqual([
      ['Earlier Reviewer', null],
      ['Test Analyst', ['SQL changes read', 'Data diff explained']],
    ]);
    const printed = await runCli(['signoffs', '-p', root]);
    expect(printed.stdout).toMatch(/Earlier Reviewer.*\n/);
    expect(printed.stdout).toContain('checklist: ✔ SQL changes read, ✔ Data diff explained, ✘ Dashboards checked (optional)');
  });
});
