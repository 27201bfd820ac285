import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventually, openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

/**
 * A save reads the saved model's file again, not the whole folder (reread-models.ts). That holds
 * only while the project as last read is the folder as it is: after a read that failed, the next
 * one is whole, or a broken dbt_project.yml would be forgotten at the next save.
 */
describe('a save after the project stopped loading', () => {
  let t: TempWorkbench | undefined;
  afterEach(async () => t?.dispose());

  it('reads the whole folder again, and still shows why it does not load', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: false, debounceMs: 50 });
    const state = async () => t?.call('projectState', {});
    const projectFile = path.join(t.root, 'dbt_project.yml');
    await writeFile(projectFile, `${await readFile(projectFile, 'utf8')}\nmodels: [this is not a mapping\n`);
    const failsToLoad = async () => expect((await state())?.project.errors.map((e) => e.file)).toContain('dbt_project.yml');
    await vi.waitFor(failsToLoad, { timeout: 20_000, interval: 20 });

    const sql = `${await readFile(path.join(t.root, 'models/marts/customers.sql'), 'utf8')}\n-- reviewed\n`;
    t.events.length = 0;
    await t.call('saveModel', { node: 'customers', sql });
    await eventually(() => t?.events.find((e) => e.event === 'files'));
    await t.workbench.settled();
    await failsToLoad();
  });
});
