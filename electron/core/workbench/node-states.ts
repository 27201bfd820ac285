import { stat } from 'node:fs/promises';
import type { NodeState } from '../../../shared/api.js';
import { assayPaths } from '../env/assay-paths.js';
import { catalogStates } from '../env/catalog-states.js';
import { fileVersion, readCatalog } from '../env/catalog.js';
import { FileHashes } from '../env/file-hashes.js';
import { fingerprintProject } from '../env/fingerprint.js';
import type { ProjectSnapshot } from './project-session.js';

/**
 * Every node of the open project as the branch environment holds it: built (and how), not built,
 * or stale (built from SQL, config or data that have changed since).
 */
export async function nodeStates(snapshot: ProjectSnapshot, env: string): Promise<NodeState[]> {
  const envFile = assayPaths(snapshot.project.root).envFile(env);
  const info = await stat(envFile).catch(() => null);
  const key = `${env}\0${info ? fileVersion(info) : 'missing'}`;
  const running = runningFor(snapshot);
  const shared = running.get(key);
  if (shared) return shared;
  const states = readNodeStates(snapshot, env, envFile).finally(() => running.delete(key));
  running.set(key, states);
  return states;
}

/**
 * The states being read, by project as read and environment as published: a save's build, its
 * announcement and both pages ask for them within milliseconds, and one reading answers them all.
 */
const runningStates = new WeakMap<ProjectSnapshot, Map<string, Promise<NodeState[]>>>();

function runningFor(snapshot: ProjectSnapshot): Map<string, Promise<NodeState[]>> {
  let running = runningStates.get(snapshot);
  if (!running) runningStates.set(snapshot, (running = new Map()));
  return running;
}

async function readNodeStates(snapshot: ProjectSnapshot, env: string, envFile: string): Promise<NodeState[]> {
  const { compiled } = snapshot;
  const catalog = await readCatalog(envFile);
  if (catalog.state !== 'ok') {
    const error = catalog.state === 'corrupt' ? `environment '${env}' cannot be read: ${catalog.reason}` : undefined;
    return compiled.order.map((node) => ({ node, status: 'not-built', ...(error ? { error } : {}) }));
  }
  // The cache is read but not saved: the build owns the file, and saving here could race with it.
  const hashes = await FileHashes.open(assayPaths(snapshot.project.root).fileHashes);
  const fingerprints = await fingerprintProject(compiled, hashes);
  return catalogStates(compiled.order, catalog.entries, fingerprints);
}
