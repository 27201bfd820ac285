import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBrowserMode } from '../../electron/server/browser-mode.js';
import { rendererBuildState } from '../../electron/server/renderer-build.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture, tempDir } from '../helpers/temp-project.js';
import { rawRequest } from './http-client.js';

describe('a clean install serves the user interface', () => {
  it('assay serve with no built UI builds it, printing progress, and serves it; the next serve reuses it', async () => {
    process.env.ASSAY_HOME = await tempDir('assay-home-');
    const project = await copyFixture('jaffle-shop');
    await initCommittedRepo(project);
    // A folder that does not exist, as `dist/renderer` right after `npm ci` on a fresh clone.
    const rendererDir = path.join(await tempDir('assay-dist-'), 'renderer');

    const lines: string[] = [];
    const mode = await startBrowserMode({ project, open: false, rendererDir, log: (line) => lines.push(line) });
    try {
      const page = await rawRequest(mode.server.port, { path: `/?token=${mode.server.token}` });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1];
      expect(script).toBeDefined();
      expect((await rawRequest(mode.server.port, { path: `/${script}` })).status).toBe(200);
    } finally {
      await mode.stop();
    }
    // Progress was printed before the URL: the start, how far the build got, the end.
    expect(lines[0]).toMatch(/^Building the user interface/);
    expect(lines.some((line) => /modules transformed/.test(line))).toBe(true);
    const built = lines.findIndex((line) => /^Built the user interface in [\d.]+ s/.test(line));
    expect(built).toBeGreaterThan(0);
    expect(lines.findIndex((line) => line.startsWith('Open http://127.0.0.1:'))).toBeGreaterThan(built);
    // Built in a folder of its own and renamed into place: nothing is left beside it.
    expect(await readdir(path.dirname(rendererDir))).toEqual(['renderer']);

    const again: string[] = [];
    const second = await startBrowserMode({ project, open: false, rendererDir, log: (line) => again.push(line) });
    await second.stop();
    expect(again.filter((line) => /user interface/.test(line))).toEqual([]);
  }, 300_000);
});

describe('whether the UI build is up to date', () => {
  async function fakeApp(): Promise<{ root: string; outDir: string }> {
    const root = await tempDir('assay-app-');
    await mkdir(path.join(root, 'renderer', 'src'), { recursive: true });
    await mkdir(path.join(root, 'shared'));
    await writeFile(path.join(root, 'renderer', 'src', 'App.vue'), '<template><main /></template>');
    await writeFile(path.join(root, 'shared', 'api.ts'), 'export {};');
    await writeFile(path.join(root, 'vite.config.ts'), 'export default {};');
    const old = new Date(Date.now() - 60_000);
    for (const file of ['renderer/src/App.vue', 'renderer/src', 'renderer', 'shared/api.ts', 'shared', 'vite.config.ts']) await utimes(path.join(root, file), old, old);
    return { root, outDir: path.join(root, 'dist', 'renderer') };
  }

  it('is missing without an index.html, fresh after a build, stale once a source is newer', async () => {
    const { root, outDir } = await fakeApp();
    expect(await rendererBuildState(root, outDir)).toEqual({ state: 'missing' });
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'index.html'), '<!doctype html>');
    expect(await rendererBuildState(root, outDir)).toEqual({ state: 'fresh' });
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(root, 'shared', 'api.ts'), later, later);
    expect(await rendererBuildState(root, outDir)).toEqual({ state: 'stale', newestSource: path.join('shared', 'api.ts') });
  });

  it('has nothing to build where the renderer sources are not shipped', async () => {
    const root = await tempDir('assay-app-');
    expect(await rendererBuildState(root)).toEqual({ state: 'no-sources' });
  });

});
