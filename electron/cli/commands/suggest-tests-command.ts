import type { Command } from 'commander';
import type { AcceptedTests, TestSuggestions } from '../../../shared/suggest-types.js';
import { prepareProject } from '../../core/build/prepare-project.js';
import { checkoutTarget, resolveBuildTarget } from '../../core/build/build-target.js';
import { acceptSuggestedTests } from '../../core/suggest/accept-suggested-tests.js';
import { SuggestError } from '../../core/suggest/schema-entry.js';
import { suggestTests } from '../../core/suggest/suggest-tests.js';
import { UsageError } from '../exit-codes.js';

interface SuggestTestsOptions {
  project: string;
  branch?: string;
  json?: boolean;
  accept?: string;
}

export function registerSuggestTests(program: Command): void {
  program
    .command('suggest-tests')
    .description('profile a built model and suggest tests (not_null, unique, accepted_values, range, relationships, a row count per month), each with its evidence; --accept writes chosen ones into its schema YAML')
    .argument('<model>', 'the model to profile')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-b, --branch <name>', 'branch whose built environment is profiled (default: the checked-out branch)')
    .option('--json', 'print the suggestions (or what was accepted) as JSON')
    .option('--accept <ids>', 'write these suggestions (comma-separated ids, or all) into the model\'s YAML')
    .action(async (model: string, opts: SuggestTestsOptions) => {
      const ids = opts.accept === undefined ? null : acceptedIds(opts.accept);
      const target = await resolveBuildTarget(opts.project, opts.branch);
      await checkoutTarget(target);
      const { compiled } = await prepareProject(opts.project, target.buildRoot);
      const options = { compiled, projectRoot: opts.project, env: target.env, model };
      try {
        if (ids === null) {
          const suggested = await suggestTests(options);
          process.stdout.write(opts.json ? `${JSON.stringify(suggested, null, 2)}\n` : describeSuggestions(suggested));
        } else {
          const accepted = await acceptSuggestedTests({ ...options, ids });
          process.stdout.write(opts.json ? `${JSON.stringify(accepted, null, 2)}\n` : describeAccepted(accepted));
        }
      } catch (err) {
        throw err instanceof SuggestError ? new UsageError(err.message) : err;
      }
    });
}

function acceptedIds(text: string): string[] | 'all' {
  if (text.trim() === 'all') return 'all';
  const ids = text.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--accept needs suggestion ids (comma-separated) or all');
  return ids;
}

function describeSuggestions(s: TestSuggestions): string {
  const out = [`${s.node} in '${s.env}': ${s.profile.rows.toLocaleString('en-US')} rows, ${s.profile.columns.length} columns, profiled in ${s.profile.scans} scan${s.profile.scans === 1 ? '' : 's'}`];
  if (s.suggestions.length === 0) out.push('', 'No test to suggest.');
  for (const test of s.suggestions) {
    out.push('', `${test.id}`, `  evidence: ${test.evidence}`, ...test.yaml.trimEnd().split('\n').map((line) => `  ${line}`));
  }
  if (s.notes.length > 0) out.push('', 'Not suggested:', ...s.notes.map((note) => `  ${note}`));
  const where = s.target.problem ?? `${s.target.file} (${s.target.declared ? `declares ${s.node}` : s.target.exists ? `an entry for ${s.node} is added` : 'a new file'})`;
  out.push('', `Accepted tests go to ${where}.`);
  if (s.suggestions.length > 0) out.push(`Accept with: assay suggest-tests ${s.node} --accept ID,ID (or --accept all)`);
  return `${out.join('\n')}\n`;
}

function describeAccepted(a: AcceptedTests): string {
  const out = a.added.length > 0 ? [`Added ${a.added.length} test${a.added.length === 1 ? '' : 's'} to ${a.file}${a.created ? ' (new file)' : ''}: ${a.added.map((t) => t.id).join(', ')}`] : [`Nothing added to ${a.file}.`];
  if (a.alreadyDeclared.length > 0) out.push(`Already declared in ${a.file}, left out: ${a.alreadyDeclared.join(', ')}`);
  return `${out.join('\n')}\n`;
}
