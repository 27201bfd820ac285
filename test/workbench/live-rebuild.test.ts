import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import type { NodeBuildEvent } from '../../shared/build-types.js';
import { eventually, openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

const nodeEvents = (events: ApiEvent[]) =>
  events.flatMap((e) => (e.event === 'build' && e.payload.type === 'node' ? [e.payload as NodeBuildEvent] : []));

describe('a project that follows its folder', () => {
  let t: TempWorkbench;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, debounceMs: 100 });
    await t.call('startBuild', {});
  });
  afterAll(async () => t.dispose());

  it('announces a file changed in another editor, reloads, and rebuilds that model and its descendants only', async () => {
    t.events.length = 0;
    await appendFile(path.join(t.root, 'models/staging/stg_orders.sql'), '\n-- reviewed\n');
    await eventually(() => t.events.find((e) => e.event === 'files'));
    await t.workbench.settled();
    expect(t.events.find((e) => e.event === 'files')?.payload).toEqual({ changed: ['models/staging/stg_orders.sql'] });
    expect(t.events.some((e) => e.event === 'project')).toBe(true);
    const built = nodeEvents(t.events).filter((e) => e.status === 'built').map((e) => e.node).sort();
    expect(built).toEqual(['customers', 'orders', 'stg_orders']);
    const state = await t.call('projectState', {});
    expect(state?.nodes.filter((n) => n.status === 'stale')).toEqual([]);
  });

  it('rebuilds after a save through the API, and the preview shows the new rows', async () => {
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    const sql = `${await readFile(file, 'utf8')}where id <= 5\n`;
    t.events.length = 0;
    await t.call('saveModel', { node: 'stg_customers', sql });
    await eventually(() => nodeEvents(t.events).find((e) => e.node === 'customers' && e.status === 'built'));
    await t.workbench.settled();
    expect((await t.call('previewNode', { node: 'customers', limit: 100 })).total).toBe(5);
  });

  it('notices git commands run outside the app: a new branch checked out, a commit', async () => {
    t.events.length = 0;
    const git = simpleGit(t.root);
    await git.raw(['switch', '-c', 'outside/cli']);
    const moved = await eventually(() => t.events.find((e) => e.event === 'git' && e.payload.branch === 'outside/cli'));
    expect(moved.event === 'git' && moved.payload.branches.sort()).toEqual(['main', 'outside/cli']);
    expect((await t.call('projectState', {}))?.env).toBe('outside~cli');
    await git.add('.');
    await git.commit('work from the command line');
    await eventually(() => t.events.find((e) => e.event === 'git' && e.payload.changed.length === 0));
    expect((await t.call('gitState', {})).changed).toEqual([]);
  });

  it('shows a broken project file as an error on the last good graph, without building', async () => {
    t.events.length = 0;
    await writeFile(path.join(t.root, 'dbt_project.yml'), 'name: [unclosed\n');
    await eventually(() => t.events.find((e) => e.event === 'project'));
    await t.workbench.settled();
    const project = t.events.find((e) => e.event === 'project');
    expect(project?.event === 'project' && project.payload.project.errors[0]?.file).toBe('dbt_project.yml');
    expect(project?.event === 'project' && project.payload.project.nodes.length).toBe(8);
    expect(nodeEvents(t.events)).toEqual([]);
  });
});
