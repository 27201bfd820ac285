import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DashboardPreview, ElementTestResult, PublishedDashboard, PublishOutcome } from '../../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../../build/build-target.js';
import { assayPaths } from '../../env/assay-paths.js';
import { releaseCheck } from '../../release/release-check.js';
import { readDashboards, runnableDashboard } from '../dashboard-source.js';
import { previewDashboard } from '../preview-dashboard.js';
import { writeDirAtomically } from './atomic-dir.js';
import { publishedPage } from './published-page.js';
import { publishManifest, releaseRecord } from './publish-manifest.js';
import { PUBLISHED_SCRIPT } from './published-script.js';
import { copyVegaScripts } from './vega-bundle.js';

export interface PublishOptions {
  projectRoot: string;
  /** One dashboard, or every dashboard of the project. */
  dashboard?: string;
  /** Where the folders go: `.assay/published` by default (git-ignored, so publishing leaves the tree clean). */
  outDir?: string;
}

export function defaultPublishDir(projectRoot: string): string {
  return path.join(assayPaths(projectRoot).dir, 'published');
}

/**
 * Publishes the checked-out commit's dashboards, only on the release gate's go (clean tree,
 * every error-level test passing now, the sign-off when required) and when the dashboards' own
 * error-level tests pass on the data about to be published. Each dashboard becomes a folder
 * written atomically: `index.html`, the Vega builds, `dashboard.js` and `manifest.json`.
 */
export async function publishDashboards(options: PublishOptions): Promise<PublishOutcome> {
  const projectRoot = path.resolve(options.projectRoot);
  const outDir = path.resolve(options.outDir ?? defaultPublishDir(projectRoot));
  const { dashboards } = await readDashboards(projectRoot);
  const chosen = options.dashboard ? [runnableDashboard(dashboards, options.dashboard)] : dashboards.map((d) => runnableDashboard(dashboards, d.name));
  if (chosen.length === 0) throw new Error('the project has no dashboards to publish: add dashboards/<name>.yml');
  const verdict = await releaseCheck({ projectRoot });
  if (!verdict.go) return { published: false, outDir, dashboards: [], verdict };

  const target = await resolveBuildTarget(projectRoot);
  const record = await releaseRecord(projectRoot, verdict.commit, target.branch, target.env);
  const previews = [];
  for (const dashboard of chosen) previews.push(await previewDashboard({ projectRoot, env: target.env, dashboard }));
  const failing = failingElementTests(previews);
  if (failing.length > 0) {
    const message = `${failing.length} error-level dashboard test(s) do not pass: ${failing.map((t) => `${t.id} (${t.status})`).join(', ')}`;
    const reason = { check: 'tests' as const, ok: false, message, items: failing.map((t) => t.id) };
    return { published: false, outDir, dashboards: [], verdict: { ...verdict, go: false, reasons: [...verdict.reasons, reason] } };
  }
  const publishedAt = new Date().toISOString();
  const published: PublishedDashboard[] = [];
  for (const preview of previews) {
    const manifest = publishManifest(preview, record, publishedAt);
    const dir = path.join(outDir, preview.name);
    await writeDirAtomically(dir, async (staging) => {
      await copyVegaScripts(staging);
      await writeFile(path.join(staging, 'dashboard.js'), PUBLISHED_SCRIPT);
      await writeFile(path.join(staging, 'index.html'), publishedPage(preview, manifest));
      await writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    });
    published.push({ name: preview.name, dir, manifest });
  }
  return { published: true, outDir, dashboards: published, verdict };
}

/** Element tests are output tests: an error-level one that does not pass stops the publish like any other. */
function failingElementTests(previews: DashboardPreview[]): ElementTestResult[] {
  return previews.flatMap((p) => p.elements.flatMap((e) => e.tests.filter((t) => t.severity === 'error' && (t.status === 'fail' || t.status === 'error'))));
}
