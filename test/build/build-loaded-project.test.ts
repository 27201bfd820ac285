import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import type { Project } from '../../electron/core/project/project.js';
import { queryEnv } from '../helpers/env-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

async function projectWith(answer: number): Promise<{ root: string; project: Project }> {
  const root = await writeTempProject({ ...minimalProject, 'models/answer.sql': `select ${answer} as answer\n` });
  await initCommittedRepo(root);
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return { root, project: loaded.project };
}

/**
 * The app reloads the open project after each save and hands it to the build it starts, so that a
 * save reads the project's files once. The build then builds that project: the one the app has just
 * announced, even if the disk changed since (that change is the next build's).
 */
describe('a build given the project the app has just read', () => {
  it('builds that project without reading its files again', async () => {
    const { root, project } = await projectWith(1);
    await writeFile(path.join(root, 'models/answer.sql'), 'select 2 as answer\n');
    const built = await buildBranch({ projectRoot: root, loaded: project });
    expect(built.target.status).toBe('ok');
    expect(await queryEnv(root, 'main', 'select answer from answer')).toEqual([{ answer: 1 }]);
  });

  it('reads the files when the build has vars the project was not read with', async () => {
    const { root, project } = await projectWith(1);
    await writeFile(path.join(root, 'models/answer.sql'), "select {{ var('answer', 2) }} as answer\n");
    const built = await buildBranch({ projectRoot: root, loaded: project, vars: { answer: 3 } });
    expect(built.target.status).toBe('ok');
    expect(await queryEnv(root, 'main', 'select answer from answer')).toEqual([{ answer: 3 }]);
  });
});

describe('the tests after such a build (what the app runs after a save)', () => {
  it('test the project that build built, without reading its files again', async () => {
    const { root } = await projectWith(1);
    await writeFile(path.join(root, 'models/schema.yml'), 'models:\n  - name: answer\n    columns:\n      - name: answer\n        data_tests: [not_null]\n');
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    const built = await buildBranch({ projectRoot: root, loaded: loaded.project });
    // The test is gone from the disk since: the run is about the project that was built.
    await writeFile(path.join(root, 'models/schema.yml'), 'models:\n  - name: answer\n');
    const report = await runTestPipeline({ projectRoot: root, builtBy: built.target, loaded: loaded.project });
    expect(report.tests.map((t) => [t.kind, t.node, t.status])).toEqual([['not_null', 'answer', 'pass']]);
  });
});
