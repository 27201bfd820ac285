import type { Command } from 'commander';
import { mergeBranch } from '../../core/git/merge.js';
import { openRepo } from '../../core/git/open-repo.js';
import { loadProject } from '../../core/project/load-project.js';
import type { ReleaseVerdict, Signoff } from '../../../shared/release-types.js';
import { releaseCheck } from '../../core/release/release-check.js';
import { listSignoffs, signOff } from '../../core/release/signoff.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { withProfileFlags } from '../profile-flags.js';
import { gateTargetName } from '../gate-target.js';

/** signoff, signoffs, release-check and merge: the review and release end of the day. */
export function registerRelease(program: Command): void {
  program
    .command('signoff')
    .description("record, in git, that you reviewed a test report of a commit (your git identity, the report's SHA-256, its environment)")
    .requiredOption('-r, --report <file>', 'the test report you reviewed (JSON or HTML from assay test)')
    .option('-c, --commit <ref>', 'the commit the report tested', 'HEAD')
    .option('-m, --message <text>', 'a note for the record')
    .option('--check <item>', 'a review checklist item you checked (repeat it; the project lists them in dbt_project.yml, assay: review_checklist)', collect, [])
    .option('-p, --project <dir>', 'project folder', '.')
    .action(async (opts: { report: string; commit: string; message?: string; check: string[]; project: string }) => {
      const result = await signOff({ projectRoot: opts.project, commit: opts.commit, reportFile: opts.report, message: opts.message, checked: opts.check });
      if (!result.ok) throw new UsageError(result.error);
      const s = result.signoff;
      process.stdout.write(`signed off ${s.commit.slice(0, 10)} as ${s.reviewer.name} <${s.reviewer.email}>: report ${s.report_sha256.slice(0, 12)}, environment ${s.env_fingerprint?.slice(0, 12) ?? 'unknown'}\n`);
      if (s.checklist) process.stdout.write(`  ${checklistLine(s)}\n`);
    });

  program
    .command('signoffs')
    .description('list recorded sign-offs')
    .option('-c, --commit <ref>', 'only this commit')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (opts: { commit?: string; project: string; json?: boolean }) => {
      const result = await listSignoffs(opts.project, opts.commit);
      if (!result.ok) throw new UsageError(result.error);
      if (opts.json) return void process.stdout.write(`${JSON.stringify(result.signoffs, null, 2)}\n`);
      for (const s of result.signoffs) {
        process.stdout.write(`${s.commit.slice(0, 10)}  ${s.signed_at}  ${s.reviewer.name} <${s.reviewer.email}>  report ${s.report_sha256.slice(0, 12)} (${s.report_file})${s.message ? `  "${s.message}"` : ''}\n`);
        if (s.checklist) process.stdout.write(`  ${checklistLine(s)}\n`);
      }
      if (result.signoffs.length === 0) process.stdout.write('no sign-offs\n');
    });

  withProfileFlags(program
    .command('release-check'))
    .description('go or no-go for releasing a commit, with every reason (on a PostgreSQL target: built and tested there)')
    .option('-c, --commit <ref>', 'the commit to release', 'HEAD')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (opts: { commit: string; project: string; json?: boolean; target?: string }) => {
      const verdict = await releaseCheck({ projectRoot: opts.project, commit: opts.commit, target: await gateTargetName(opts.project, opts.target) });
      printVerdict(verdict, opts.json);
      process.exitCode = verdict.go ? ExitCode.ok : ExitCode.failed;
    });

  withProfileFlags(program
    .command('merge'))
    .description('merge a branch into main (running the release gate first when the project asks for it; on a PostgreSQL target: built and tested there)')
    .argument('<branch>', 'the branch to merge')
    .option('--into <branch>', 'target branch', 'main')
    .option('--no-ff', 'always make a merge commit')
    .option('-p, --project <dir>', 'project folder', '.')
    .action(async (branch: string, opts: { into: string; ff: boolean; project: string; target?: string }) => {
      const loaded = await loadProject(opts.project);
      if (loaded.ok && loaded.project.config.assay?.release_check_on_merge) {
        const verdict = await releaseCheck({ projectRoot: opts.project, commit: branch, target: await gateTargetName(opts.project, opts.target) });
        if (!verdict.go) {
          printVerdict(verdict, false);
          throw new UsageError(`not merging ${branch}: the release gate says no-go`);
        }
      }
      const opened = await openRepo(opts.project);
      if (!opened.ok) throw new UsageError(opened.error);
      const merged = await mergeBranch(opened.repo, branch, { into: opts.into, noFastForward: !opts.ff });
      if (!merged.ok) throw new UsageError(merged.error);
      process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
      if (merged.kind === 'conflict') process.exitCode = ExitCode.failed;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `checklist: ✔ SQL changes read, ✘ Dashboards checked (optional)` */
function checklistLine(s: Signoff): string {
  return `checklist: ${(s.checklist ?? []).map((c) => `${c.ticked ? '✔' : '✘'} ${c.item}${c.required ? '' : ' (optional)'}`).join(', ')}`;
}

function printVerdict(verdict: ReleaseVerdict, json?: boolean): void {
  if (json) {
    const { report, ...rest } = verdict;
    process.stdout.write(`${JSON.stringify({ ...rest, summary: report?.summary ?? null }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${verdict.go ? 'GO' : 'NO-GO'} for ${verdict.commit?.slice(0, 10) ?? '(no commit)'}\n`);
  for (const r of verdict.reasons) process.stdout.write(`  ${r.ok ? '✔' : '✘'} ${r.check}: ${r.message}\n`);
}
