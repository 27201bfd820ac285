import { access, cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { appRoot } from './app-root.js';
import { assayHome } from './assay-home.js';

export interface ExampleOptions {
  home?: string;
  /** The fixture to copy; Assay's own `fixtures/pharma-launch` by default. */
  fixture?: string;
}

/**
 * The example project as a git repository of its own under `<ASSAY_HOME>/examples/pharma-launch`,
 * created on first use, so that branching and building it never touches Assay's own checkout.
 * It is assembled in a temporary folder and renamed into place, so an interrupted first run is
 * simply done again.
 */
export async function ensureExampleProject(options: ExampleOptions = {}): Promise<string> {
  const fixture = options.fixture ?? path.join(appRoot(), 'fixtures', 'pharma-launch');
  const examples = path.join(options.home ?? assayHome(), 'examples');
  const target = path.join(examples, path.basename(fixture));
  if (await exists(path.join(target, '.git'))) return target;

  await mkdir(examples, { recursive: true });
  const staging = path.join(examples, `.${path.basename(fixture)}-${process.pid}-${Date.now()}`);
  try {
    await cp(fixture, staging, { recursive: true, filter: (src) => !path.relative(fixture, src).split(path.sep).includes('.assay') });
    const git = simpleGit(staging);
    await git.raw(['init', '-b', 'main']);
    await ensureIdentity(git);
    await git.add('.');
    await git.commit('Example project: pharma launch', undefined, { '--no-verify': null, '--no-gpg-sign': null });
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return target;
}

/** A commit needs an author; without a configured one, the example gets a local identity of its own. */
async function ensureIdentity(git: ReturnType<typeof simpleGit>): Promise<void> {
  const name = await git.raw(['config', 'user.name']).catch(() => '');
  const email = await git.raw(['config', 'user.email']).catch(() => '');
  if (!name.trim()) await git.addConfig('user.name', 'Assay Example', false, 'local');
  if (!email.trim()) await git.addConfig('user.email', 'example@assay.invalid', false, 'local');
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
