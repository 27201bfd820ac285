import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackagesPage } from './pages/packages-page.js';
import { useExampleSuite } from './support/example-suite.js';

/** Declares a local dbt package in the example, without installing it (issue 14). */
async function declareLocalPackage(projectDir: string): Promise<void> {
  const pkg = path.join(projectDir, 'vendor/assay_helpers');
  await mkdir(path.join(pkg, 'macros'), { recursive: true });
  await writeFile(path.join(pkg, 'dbt_project.yml'), 'name: assay_helpers\nversion: 1.2.0\n');
  await writeFile(path.join(pkg, 'macros/answer.sql'), '{% macro answer() %}42{% endmacro %}\n');
  await writeFile(path.join(projectDir, 'packages.yml'), 'packages:\n  - local: vendor/assay_helpers\n');
}

describe('the packages screen', () => {
  const suite = useExampleSuite();

  it('shows that a declared package is not installed, installs it, and lists it with its version', async () => {
    const { app, lineage } = await suite.open({ autoBuild: false, prepare: declareLocalPackage });
    const packages = new PackagesPage(app.page);
    await lineage.projectErrors.first().waitFor();
    expect(await lineage.projectErrors.allTextContents()).toContainEqual(expect.stringMatching(/^packages\.yml:1.*none is installed in dbt_packages\/: run assay deps/));

    await packages.show();
    expect(await packages.stateProblems.textContent()).toMatch(/run assay deps/);
    expect(await packages.declared.getAttribute('data-from')).toBe('vendor/assay_helpers');
    expect(await packages.rows.count()).toBe(0);
    await app.screenshot('packages-not-installed');

    await packages.install.click();
    await packages.outcome.waitFor();
    expect(await packages.outcome.getAttribute('data-status')).toBe('installed');
    expect(await packages.outcome.textContent()).toMatch(/Installed 1 package into dbt_packages\/, package-lock\.yml written/);
    const row = packages.row('assay_helpers');
    await row.waitFor();
    expect(await row.getByTestId('package-version').textContent()).toBe('1.2.0');
    expect(await row.getByTestId('package-source').textContent()).toBe('local');
    expect(await packages.stateProblems.count()).toBe(0);
    expect(await packages.log.textContent()).toMatch(/installed 1 package into dbt_packages\//);
    await app.screenshot('packages-installed');

    // The project was reloaded: the lineage no longer asks for assay deps.
    await lineage.show();
    expect((await lineage.projectErrors.allTextContents()).filter((text) => /assay deps/.test(text))).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
