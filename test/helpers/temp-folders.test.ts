import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { copyFixture, removeTempFolders, tempDir, writeTempProject } from './temp-project.js';

const exists = (dir: string) => access(dir).then(() => true, () => false);

describe('temporary test folders', () => {
  it('are removed when the test file is done, fixtures copies included', async () => {
    const dirs = [await tempDir(), await writeTempProject({ 'a.txt': 'a' }), await copyFixture('jaffle-shop')];
    for (const dir of dirs) expect(await exists(dir)).toBe(true);
    // What the afterAll hook this helper registers runs.
    await removeTempFolders();
    for (const dir of dirs) expect(await exists(dir)).toBe(false);
  });
});
