import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { commitFiles } from '../../electron/core/git/commit.js';
import { createBranch } from '../../electron/core/git/create-branch.js';
import { mergeBranch } from '../../electron/core/git/merge.js';
import { releaseCheck } from '../../electron/core/release/release-check.js';
import { listSignoffs, signOff } from '../../electron/core/release/signoff.js';
import { htmlReport } from '../../electron/core/reports/html-report.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

async function signedOffProject() {
  const root = await copyFixture('jaffle-shop');
  await appendFile(path.join(root, 'dbt_project.yml'), '\nassay:\n  require_signoff: true\n');
  await appendFile(path.join(root, '.gitignore'), '\nreports/\n');
  await initCommittedRepo(root);
  return { root, repo: { dir: root } };
}

describe("an analyst's day, on a real repository", () => {
  it('branch, edit, build, test, commit, sign off, release-check go, merge into main', async () => {
    const { root, repo } = await signedOffProject();
    expect((await createBranch(repo, 'feature/order-size')).ok).toBe(true);
    const { switchBranch } = await import('../../electron/core/git/switch-branch.js');
    expect((await switchBranch(repo, 'feature/order-size')).ok).toBe(true);
    const orders = path.join(root, 'models/marts/orders.sql');
    await writeFile(orders, (await readFile(orders, 'utf8')).replace(/\s*$/, '\n') + '-- order size reviewed\n');
    expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
    const committed = await commitFiles(repo, ['models/marts/orders.sql'], 'Review order sizes');
    expect(committed.ok).toBe(true);

    const report = await runTestPipeline({ projectRoot: root });
    expect(report.summary.fail + report.summary.error).toBe(0);
    expect(report.commit).toBe(committed.ok && committed.commit);
    const reportFile = path.join(root, 'reports', 'order-size.html');
    await (await import('node:fs/promises')).mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, htmlReport(report));

    const before = await releaseCheck({ projectRoot: root });
    expect(before.go).toBe(false);
    expect(before.reasons.find((r) => r.check === 'signoff')?.message).toMatch(/has no sign-off/);

    const signed = await signOff({ projectRoot: root, reportFile, message: 'numbers look right' });
    expect(signed.ok).toBe(true);
    const listed = await listSignoffs(root);
    expect(listed.ok && listed.signoffs.map((s) => [s.reviewer.name, s.env_fingerprint])).toEqual([['Test Analyst', report.env_fingerprint]]);

    const verdict = await releaseCheck({ projectRoot: root });
    expect(verdict.reasons.map((r) => [r.check, r.ok])).toEqual([['clean-tree', true], ['tests', true], ['signoff', true]]);
    expect(verdict.go).toBe(true);

    const merged = await mergeBranch(repo, 'feature/order-size');
    expect(merged.ok && merged.kind).toMatch(/fast-forward|merge-commit/);
  });

  it('says no-go naming the failing test, a dirty tree, and a tampered or misapplied sign-off', async () => {
    const { root } = await signedOffProject();
    const report = await runTestPipeline({ projectRoot: root });
    const reportFile = path.join(root, 'reports', 'main.json');
    await (await import('node:fs/promises')).mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, JSON.stringify(report));
    expect((await signOff({ projectRoot: root, reportFile })).ok).toBe(true);
    expect((await releaseCheck({ projectRoot: root })).go).toBe(true);

    await writeFile(reportFile, JSON.stringify({ ...report, summary: { ...report.summary, fail: 0 }, note: 'edited' }));
    const tampered = await releaseCheck({ projectRoot: root });
    expect(tampered.go).toBe(false);
    expect(tampered.reasons.find((r) => r.check === 'signoff')?.message).toMatch(/changed after Test Analyst signed it off/);

    const schema = path.join(root, 'models/marts/schema.yml');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('  - name: orders\n', '  - name: orders\n    data_tests:\n      - row_count: {max: 3}\n'));
    await commitAll(root, 'a test that fails');
    const failing = await releaseCheck({ projectRoot: root });
    expect(failing.go).toBe(false);
    const tests = failing.reasons.find((r) => r.check === 'tests');
    expect(tests?.ok).toBe(false);
    expect(tests?.items).toEqual(['row_count.orders']);
    expect(failing.reasons.find((r) => r.check === 'signoff')?.message).toMatch(/has no sign-off/);

    await appendFile(path.join(root, 'models/marts/orders.sql'), '\n-- wip\n');
    const dirty = await releaseCheck({ projectRoot: root });
    expect(dirty.reasons.find((r) => r.check === 'clean-tree')).toMatchObject({ ok: false, items: ['models/marts/orders.sql'] });
    expect(dirty.go).toBe(false);
    // The gate never touches the analyst's uncommitted work.
    expect(await readFile(path.join(root, 'models/marts/orders.sql'), 'utf8')).toMatch(/\n-- wip\n$/);
  });

  it('refuses a sign-off for a commit that does not exist, or for a report of another commit', async () => {
    const { root } = await signedOffProject();
    const report = await runTestPipeline({ projectRoot: root });
    const reportFile = path.join(root, 'reports', 'r.json');
    await (await import('node:fs/promises')).mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, JSON.stringify(report));
    const missing = await signOff({ projectRoot: root, reportFile, commit: 'deadbeef' });
    expect(missing.ok).toBe(false);
    await appendFile(path.join(root, 'README.md'), 'more\n');
    await commitAll(root, 'another commit');
    const other = await signOff({ projectRoot: root, reportFile });
    expect(!other.ok && other.error).toMatch(/the report was made on commit .*, not on/);
  });
});
