import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Project, ProjectNode } from '../project/project.js';

export class OutsideProjectError extends Error {}

/**
 * The file a node was read from, as an absolute path that is checked to be inside the open project,
 * symbolic links included. Every file the workbench reads or writes for the UI comes through here:
 * the UI names nodes, never paths.
 */
export async function nodeFile(project: Project, nodeId: string, kinds: ProjectNode['kind'][]): Promise<{ node: ProjectNode; file: string; abs: string }> {
  const node = project.nodes.get(nodeId);
  if (!node) throw new Error(`there is no node '${nodeId}' in project ${project.name}`);
  if (!kinds.includes(node.kind)) throw new Error(`node '${nodeId}' is a ${node.kind}, not a ${kinds.join(' or ')}`);
  const abs = await insideProject(project.root, node.location.file);
  return { node, file: node.location.file, abs };
}

/** Resolves `relative` against `root` and refuses any path (or link target) that leaves `root`. */
export async function insideProject(root: string, relative: string): Promise<string> {
  const realRoot = await realpath(root);
  const abs = path.resolve(realRoot, relative);
  assertInside(realRoot, abs, relative);
  const real = await realpath(abs).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return abs;
    throw err;
  });
  assertInside(realRoot, real, relative);
  return abs;
}

function assertInside(root: string, abs: string, shown: string): void {
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith(`..${path.sep}`) || rel === '..' || path.isAbsolute(rel)) {
    throw new OutsideProjectError(`refused: '${shown}' is outside the project folder ${root}`);
  }
}
