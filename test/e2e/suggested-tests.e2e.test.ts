import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuggestPage } from './pages/suggest-page.js';
import { useExampleSuite } from './support/example-suite.js';

/** Text as read on screen: the template's line breaks and indentation are one space. */
const squeezed = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('suggested tests on the model view (issue 15)', () => {
  const suite = useExampleSuite();

  it('profiles fact_prescriptions, shows each suggestion with its evidence, adds two ticked ones to its YAML and shows them as its tests', async () => {
    const { app, header, lineage, node, projectDir } = await suite.open({ autoBuild: false });
    const suggest = new SuggestPage(app.page);
    const schema = path.join(projectDir, 'models/marts/schema.yml');
    const before = await readFile(schema, 'utf8');

    // Not built yet: the reason, not a crash.
    await lineage.open('fact_prescriptions');
    await node.docsTab.click();
    await suggest.suggestButton.click();
    expect(await suggest.error.textContent()).toContain('has not been built yet: run a build first');

    expect(await header.buildWithButton()).toBe('ok');
    await suggest.suggest();
    expect(squeezed(await suggest.summary.textContent())).toMatch(/^[\d,]+ rows profiled in [12] scans?; accepted tests go to models\/marts\/schema\.yml\.$/);
    const ids = await suggest.ids();
    expect(ids).toEqual(expect.arrayContaining(['not_null.lake_month', 'range.net_sales', 'variation.row_count.prescription_month']));
    expect(await suggest.suggestion('range.net_sales').getByTestId('suggestion-evidence').textContent()).toMatch(/^observed [\d.]+ to [\d.]+ in [\d,]+ non-null rows; bounds rounded outward to 0 to \d+$/);
    expect(await suggest.acceptButton.isDisabled()).toBe(true);

    await suggest.tick('not_null.lake_month');
    await suggest.tick('range.net_sales');
    expect(await suggest.acceptButton.textContent()).toContain('Add 2 tests');
    await app.screenshot('97-suggested-tests-ticked');
    await suggest.acceptButton.click();
    await suggest.accepted.waitFor();
    expect(squeezed(await suggest.accepted.textContent())).toContain('Added 2 tests to models/marts/schema.yml.');
    expect(await suggest.ids()).toEqual(ids.filter((id) => id !== 'not_null.lake_month' && id !== 'range.net_sales'));
    await suggest.accepted.scrollIntoViewIfNeeded();
    await app.screenshot('98-suggested-tests-written');

    // The project read again: the two tests are the model's, on their columns, not run yet.
    await node.columnsTab.click();
    await node.docTest('range.fact_prescriptions.net_sales').waitFor();
    await node.docTest('not_null.fact_prescriptions.lake_month').waitFor();
    expect(await node.docTest('range.fact_prescriptions.net_sales').getAttribute('data-kind')).toBe('range');
    await node.columnRow('net_sales').scrollIntoViewIfNeeded();
    await app.screenshot('99-suggested-tests-in-columns');
    const after = await readFile(schema, 'utf8');
    expect(after.split('\n').length).toBe(before.split('\n').length + 6);
    expect(app.consoleErrors).toEqual([]);
  });
});
