import path from 'node:path';
import type { GitResult } from '../../../shared/git-types.js';
import type { Signoff } from '../../../shared/release-types.js';
import { resolveCommit } from '../git/branches.js';
import { missingIdentity } from '../git/identity.js';
import { openRepo } from '../git/open-repo.js';
import { git, type Repo } from '../git/repo.js';
import { fail, gitFailed } from '../git/result.js';
import { identifyReport } from './report-identity.js';
import { readReviewChecklist, tickChecklist } from './review-checklist.js';

/**
 * Sign-offs are git notes on the signed commit, under their own notes ref (see README: a note
 * attaches to exactly one commit and travels with `git push origin refs/notes/assay-signoffs`,
 * without creating a tag per approval; several reviewers append to the same note).
 */
export const SIGNOFF_NOTES_REF = 'refs/notes/assay-signoffs';

export interface SignoffRequest {
  projectRoot: string;
  commit?: string;
  reportFile: string;
  message?: string;
  /** The review checklist items the reviewer ticked (see review-checklist.ts). */
  checked?: string[];
}

export async function signOff(request: SignoffRequest): Promise<GitResult<{ signoff: Signoff }>> {
  const opened = await openRepo(request.projectRoot);
  if (!opened.ok) return opened;
  const repo = opened.repo;
  const resolved = await resolveCommit(repo, request.commit ?? 'HEAD');
  if (!resolved.ok) return resolved;
  const noIdentity = await missingIdentity(repo);
  if (noIdentity) return noIdentity;
  const report = await identifyReport(path.resolve(request.reportFile)).catch(() => null);
  if (!report) return fail('not-found', `cannot read the report ${request.reportFile}`);
  if (report.commit && report.commit !== resolved.commit) {
    return fail('unknown-ref', `the report was made on commit ${report.commit.slice(0, 10)}, not on ${resolved.commit.slice(0, 10)}: sign off the commit it tested, or test this commit`);
  }
  let checklist;
  try {
    checklist = tickChecklist(await readReviewChecklist(request.projectRoot), request.checked ?? []);
  } catch (err) {
    return fail('invalid-checklist', err instanceof Error ? err.message : String(err));
  }
  const setting = async (key: string) => (await git(repo, ['config', '--get', key])).stdout.trim();
  const signoff: Signoff = {
    commit: resolved.commit,
    reviewer: { name: await setting('user.name'), email: await setting('user.email') },
    report_sha256: report.sha256,
    report_file: path.relative(request.projectRoot, path.resolve(request.reportFile)),
    env_fingerprint: report.envFingerprint,
    ...(report.target ? { target: report.target } : {}),
    message: request.message ?? null,
    signed_at: new Date().toISOString(),
    checklist,
  };
  const added = await git(repo, ['notes', '--ref', SIGNOFF_NOTES_REF, 'append', '-m', JSON.stringify(signoff), resolved.commit]);
  if (added.exitCode !== 0) return gitFailed(`recording the sign-off on ${resolved.commit.slice(0, 10)}`, added);
  return { ok: true, signoff };
}

/** Every sign-off recorded in the repository, or only those of one commit. */
export async function listSignoffs(projectRoot: string, commit?: string): Promise<GitResult<{ signoffs: Signoff[] }>> {
  const opened = await openRepo(projectRoot);
  if (!opened.ok) return opened;
  const repo = opened.repo;
  let commits: string[];
  if (commit) {
    const resolved = await resolveCommit(repo, commit);
    if (!resolved.ok) return resolved;
    commits = [resolved.commit];
  } else {
    const listed = await git(repo, ['notes', '--ref', SIGNOFF_NOTES_REF, 'list']);
    commits = listed.exitCode === 0 ? listed.stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[1] as string) : [];
  }
  const signoffs: Signoff[] = [];
  for (const c of commits) signoffs.push(...(await notesOf(repo, c)));
  return { ok: true, signoffs };
}

async function notesOf(repo: Repo, commit: string): Promise<Signoff[]> {
  const shown = await git(repo, ['notes', '--ref', SIGNOFF_NOTES_REF, 'show', commit]);
  if (shown.exitCode !== 0) return [];
  const out: Signoff[] = [];
  for (const line of shown.stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Signoff;
      // A note copied onto another commit does not sign that commit off.
      if (parsed.commit === commit) out.push(parsed);
    } catch {
      // A line someone wrote by hand is not a sign-off.
    }
  }
  return out;
}
