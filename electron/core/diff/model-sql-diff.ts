import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { ModelSqlDiff, SqlDiffSide, SqlTextDiff } from '../../../shared/diff-types.js';
import { checkoutTarget, resolveBuildTarget, type BuildTarget } from '../build/build-target.js';
import { refCode } from '../build/ref-environment.js';
import { compileProject } from '../compile/compile-project.js';
import { fileAtCommit } from '../git/file-at-commit.js';
import { openRepo } from '../git/open-repo.js';
import { readTextFile } from '../project/file-text.js';
import { loadProject } from '../project/load-project.js';
import type { ModelNode, Project } from '../project/project.js';

export interface ModelSqlDiffOptions {
  projectRoot: string;
  /** A branch or commit. */
  base: string;
  /** A branch or commit; the checked-out branch (with its uncommitted edits) by default. */
  compare?: string;
  /** The model's node id (its name). */
  model: string;
}

/** SQL models are short: the whole file is shown, its changes marked, rather than hunks out of context. */
const WHOLE_FILE = 100_000;

/**
 * The model's SQL on the base against the compared branch: the file as written (read from git at
 * the base's commit; from the working tree for the checked-out branch) and the SELECT it compiles
 * to on each side. A model new or deleted on the branch diffs against nothing.
 */
export async function modelSqlDiff(options: ModelSqlDiffOptions): Promise<ModelSqlDiff> {
  const [base, compare] = await Promise.all([readSide(options.projectRoot, options.base), readSide(options.projectRoot, options.compare)]);
  const [baseModel, compareModel] = [modelOn(base, options.model), modelOn(compare, options.model)];
  if (!baseModel && !compareModel) throw new Error(`there is no model '${options.model}' on ${base.label} or on ${compare.label}`);
  const [baseSql, compareSql] = [await sourceOf(base, baseModel), await sourceOf(compare, compareModel)];
  const source = textDiff(baseSql ?? '', compareSql ?? '', base, compare, baseModel, compareModel);
  const compiled = compiledDiff(options.model, base, compare, baseModel, compareModel);
  return {
    model: options.model,
    status: !baseModel ? 'added' : !compareModel ? 'removed' : source.changed ? 'modified' : 'unchanged',
    base: sideOf(base, baseModel),
    compare: sideOf(compare, compareModel),
    source,
    compiled: 'error' in compiled ? null : compiled,
    compiled_error: 'error' in compiled ? compiled.error : null,
  };
}

interface LoadedSide {
  ref: string;
  label: string;
  target: BuildTarget;
  project: Project;
  /** The repository, and the project folder's path inside it ('' at its root), for reading files from git. */
  repo: { dir: string } | null;
  inside: string;
}

async function readSide(projectRoot: string, ref: string | undefined): Promise<LoadedSide> {
  const target = await resolveBuildTarget(projectRoot, refCode(ref));
  await checkoutTarget(target);
  const label = ref ?? target.branch ?? 'the working tree';
  const loaded = await loadProject(target.buildRoot);
  if (!loaded.ok) throw new Error(`the project on ${label} does not load: ${loaded.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('; ')}`);
  const opened = await openRepo(projectRoot);
  const repo = opened.ok ? opened.repo : null;
  const inside = repo ? path.relative(await realpath(repo.dir), await realpath(projectRoot)).split(path.sep).join('/') : '';
  return { ref: ref ?? target.branch ?? 'HEAD', label, target, project: loaded.project, repo, inside };
}

/** The model on one side, null when that side has no node of that name; any other kind of node is refused. */
function modelOn(side: LoadedSide, id: string): ModelNode | null {
  const node = side.project.nodes.get(id) ?? [...side.project.nodes.values()].find((candidate) => candidate.name === id);
  if (!node) return null;
  if (node.kind !== 'model') throw new Error(`'${id}' is a ${node.kind} on ${side.label}, not a model: only models have SQL to compare`);
  return node;
}

async function sourceOf(side: LoadedSide, model: ModelNode | null): Promise<string | null> {
  if (!model) return null;
  if (side.target.fromWorkingTree || !side.target.commit || !side.repo) return readTextFile(path.join(side.target.buildRoot, model.location.file));
  const shown = await fileAtCommit(side.repo, side.target.commit, path.posix.join(side.inside, model.location.file));
  if (!shown.ok) throw new Error(shown.error);
  return shown.content;
}

function compiledDiff(id: string, base: LoadedSide, compare: LoadedSide, baseModel: ModelNode | null, compareModel: ModelNode | null): SqlTextDiff | { error: string } {
  const compiledOn = (side: LoadedSide, model: ModelNode | null): string | { error: string } => {
    if (!model) return '';
    const node = compileProject(side.project).compiled.nodes.get(model.id);
    if (node?.error) return { error: `${id} does not compile on ${side.label}: ${node.error.message}` };
    return node?.sql ?? '';
  };
  const [before, after] = [compiledOn(base, baseModel), compiledOn(compare, compareModel)];
  if (typeof before !== 'string') return before;
  if (typeof after !== 'string') return after;
  return textDiff(withNewline(before), withNewline(after), base, compare, baseModel, compareModel);
}

function textDiff(before: string, after: string, base: LoadedSide, compare: LoadedSide, baseModel: ModelNode | null, compareModel: ModelNode | null): SqlTextDiff {
  if (before === after) return { changed: false, diff: '' };
  const name = (side: LoadedSide, model: ModelNode | null) => (model ? `${side.ref}:${model.location.file}` : '/dev/null');
  const diff = createTwoFilesPatch(name(base, baseModel), name(compare, compareModel), before, after, undefined, undefined, { context: WHOLE_FILE, headerOptions: FILE_HEADERS_ONLY });
  return { changed: true, diff: diff.trimEnd() };
}

function sideOf(side: LoadedSide, model: ModelNode | null): SqlDiffSide {
  return { ref: side.ref, commit: side.target.commit, file: model?.location.file ?? null };
}

function withNewline(sql: string): string {
  return sql === '' || sql.endsWith('\n') ? sql : `${sql}\n`;
}
