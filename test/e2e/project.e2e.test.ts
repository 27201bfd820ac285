import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeaderPage } from './pages/header-page.js';
import { LineagePage } from './pages/lineage-page.js';
import { ProjectPickerPage } from './pages/project-picker-page.js';
import { createExampleRepo } from './support/example-project.js';
import { useExampleSuite } from './support/example-suite.js';

describe('opening a project', () => {
  const suite = useExampleSuite();

  it('refuses a folder that is not a project, then opens the example and shows its lineage', async () => {
    const notAProject = await mkdtemp(path.join(tmpdir(), 'assay-not-a-project-'));
    await writeFile(path.join(notAProject, 'README.md'), 'just notes\n');
    const projectDir = await createExampleRepo();
    const { app } = await suite.start();
    const picker = new ProjectPickerPage(app.page);
    const header = new HeaderPage(app.page);
    const lineage = new LineagePage(app.page);

    await picker.root.waitFor();
    await app.screenshot('01-project-picker');

    await picker.open(notAProject);
    await picker.openError.waitFor();
    expect(await picker.openError.textContent()).toMatch(/not a dbt project/);
    await app.screenshot('02-project-picker-not-a-project');

    await picker.open(projectDir);
    await lineage.root.waitFor();
    expect(await header.projectName.textContent()).toBe('pharma_launch');
    expect(await header.currentBranch()).toBe('main');
    await lineage.node('source:lake.prescriptions').waitFor();
    for (const id of ['source:lake.customers', 'regions', 'stg_prescriptions', 'fact_prescriptions', 'customers_per_month']) {
      expect(await lineage.node(id).count(), id).toBe(1);
    }
    expect(await lineage.edges.count()).toBeGreaterThan(5);
    expect(await lineage.nodeStatus('customers_per_month')).toBe('not-built');
    await app.screenshot('03-lineage-not-built');

    // Sources sit to the left of the models that read them.
    const source = await lineage.node('source:lake.prescriptions').boundingBox();
    const mart = await lineage.node('customers_per_month').boundingBox();
    expect(source!.x).toBeLessThan(mart!.x);

    await app.page.getByTestId('nav-open-project').click();
    await picker.recentProject(projectDir).waitFor();
    expect(app.consoleErrors).toEqual([]);
  });

  it('lists the problems of a project that loads with errors as file:line message', async () => {
    const projectDir = await createExampleRepo();
    await writeFile(path.join(projectDir, 'models/marts/broken_ref.sql'), "select * from {{ ref('no_such_model') }}\n");
    const { app } = await suite.start();
    const picker = new ProjectPickerPage(app.page);
    const lineage = new LineagePage(app.page);

    await picker.open(projectDir);
    await lineage.projectErrors.first().waitFor();
    const problems = await lineage.projectErrors.allTextContents();
    expect(problems.some((text) => /^models\/marts\/broken_ref\.sql(:\d+)?.*no_such_model/.test(text)), problems.join('\n')).toBe(true);
    await app.screenshot('04-lineage-project-errors');
    expect(app.consoleErrors).toEqual([]);
  });
});
