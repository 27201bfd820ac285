import { lstat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationArgs, OperationName, OperationResults } from '../../shared/api.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';
import { tempDir, writeTempProject } from '../helpers/temp-project.js';

/** A project whose model calls a macro of a local package that packages.yml declares and nobody installed yet. */
const projectFiles = {
  'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
  'packages.yml': 'packages:\n  - local: vendor/assay_helpers\n',
  'models/answer.sql': 'select {{ assay_helpers.answer() }} as answer\n',
  'vendor/assay_helpers/dbt_project.yml': 'name: assay_helpers\nversion: 1.2.0\n',
  'vendor/assay_helpers/macros/answer.sql': '{% macro answer() %}41 + 1{% endmacro %}\n',
};

describe('listPackages and installPackages, the packages of the open project', () => {
  const workbenches: Workbench[] = [];
  afterEach(async () => {
    for (const workbench of workbenches.splice(0)) await workbench.close();
  });

  async function open(files: Record<string, string>) {
    const root = await writeTempProject(files);
    const workbench = new Workbench({ home: await tempDir('assay-home-'), watch: false, autoBuild: false });
    workbenches.push(workbench);
    const events: { event: string; payload: unknown }[] = [];
    workbench.onEvent((event) => events.push(event));
    const call = async <N extends OperationName>(name: N, args: OperationArgs<N>): Promise<OperationResults[N]> => {
      const result = await workbench.dispatch(name, args);
      if (!result.ok) throw new Error(result.error);
      return result.value as OperationResults[N];
    };
    await call('openProject', { dir: root });
    return { root, workbench, events, call };
  }

  it('lists what packages.yml declares and says to run assay deps; installing links the package, reloads the project and compiles its macro', async () => {
    const { root, events, call } = await open(projectFiles);
    const before = await call('listPackages', {});
    expect(before).toMatchObject({ specFile: 'packages.yml', installPath: 'dbt_packages', installed: [] });
    expect(before.declared).toEqual([{ source: 'local', from: 'vendor/assay_helpers', version: null, file: 'packages.yml', line: 2 }]);
    expect(before.problems).toEqual([expect.objectContaining({ file: 'packages.yml', severity: 'error', message: expect.stringMatching(/none is installed in dbt_packages\/: run assay deps$/) })]);
    expect((await call('projectState', {}))!.project.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/run assay deps/));
    expect((await call('readModel', { node: 'answer' })).compiledSql).toBeNull();

    const installed = await call('installPackages', {});
    if (installed.outcome !== 'done') throw new Error(`install failed: ${JSON.stringify(installed.problems)}`);
    expect(installed.deps).toMatchObject({ status: 'installed', lockWritten: true, installPath: 'dbt_packages', specFile: 'packages.yml' });
    const row = { name: 'assay_helpers', source: 'local', from: 'vendor/assay_helpers', version: '1.2.0', folder: 'dbt_packages/assay_helpers' };
    expect(installed.deps.packages).toEqual([row]);
    expect(installed.packages.installed).toEqual([row]);
    expect(installed.packages.problems).toEqual([]);
    expect((await lstat(path.join(root, 'dbt_packages/assay_helpers'))).isSymbolicLink()).toBe(true);

    // Progress went out as events, and the reloaded project was announced without the problem.
    const lines = events.filter((e) => e.event === 'deps').map((e) => (e.payload as { line: string }).line);
    expect(lines[0]).toMatch(/^installing the packages/);
    expect(lines.at(-1)).toMatch(/^installed 1 package into dbt_packages\/; package-lock\.yml written/);
    const announced = events.filter((e) => e.event === 'project').at(-1)?.payload as OperationResults['projectState'];
    expect(announced!.project.errors).toEqual([]);
    expect((await call('readModel', { node: 'answer' })).compiledSql).toMatch(/select 41 \+ 1 as answer/);

    expect(await call('listPackages', {})).toEqual(installed.packages);
    const again = await call('installPackages', {});
    expect(again).toMatchObject({ outcome: 'done', deps: { status: 'up-to-date', lockWritten: false } });
    const upgraded = await call('installPackages', { upgrade: true });
    expect(upgraded).toMatchObject({ outcome: 'done', deps: { status: 'installed', packages: [row] } });
  });

  it('returns what stopped the install as data naming the package, and leaves the previous install as it was', async () => {
    const { root, call } = await open(projectFiles);
    await call('installPackages', {});
    await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - local: vendor/assay_helpers\n  - local: vendor/missing_pkg\n');
    const failed = await call('installPackages', {});
    expect(failed).toEqual({ outcome: 'failed', problems: [{ message: expect.stringMatching(/^local package vendor\/missing_pkg: there is no folder .*missing_pkg$/) }] });
    expect((await lstat(path.join(root, 'dbt_packages/assay_helpers'))).isSymbolicLink()).toBe(true);
    const list = await call('listPackages', {});
    expect(list.declared.map((d) => d.from)).toEqual(['vendor/assay_helpers', 'vendor/missing_pkg']);
    expect(list.problems.map((p) => p.message)).toEqual([expect.stringMatching(/packages\.yml changed since package-lock\.yml was written: run assay deps/)]);
  });

  it('names the file and line of a malformed packages.yml', async () => {
    const { call } = await open({ ...projectFiles, 'packages.yml': 'packages:\n  - local: vendor/assay_helpers\n    revision: 1\n' });
    const failed = await call('installPackages', {});
    expect(failed).toMatchObject({ outcome: 'failed', problems: [{ file: 'packages.yml', line: 3 }] });
    const list = await call('listPackages', {});
    expect(list.declared).toEqual([]);
    expect(list.problems).toEqual([expect.objectContaining({ file: 'packages.yml', line: 3 })]);
  });

  it('validates the argument at the boundary and needs an open project', async () => {
    const { workbench } = await open(projectFiles);
    expect(await workbench.dispatch('installPackages', { upgrade: 'yes' })).toEqual({ ok: false, error: expect.stringMatching(/^invalid argument for installPackages: upgrade /) });
    const closed = new Workbench({ home: await tempDir('assay-home-'), watch: false });
    workbenches.push(closed);
    expect(await closed.dispatch('listPackages', {})).toEqual({ ok: false, error: 'no project is open: open a project folder first' });
    expect(await closed.dispatch('installPackages', {})).toEqual({ ok: false, error: 'no project is open: open a project folder first' });
  });
});

