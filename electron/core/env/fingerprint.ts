import { createHash } from 'node:crypto';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import { sessionStatements } from '../project/dbt-profile.js';
import type { FileHashes } from './file-hashes.js';
import { contractEnforced } from '../contracts/contract-state.js';

/** Bump when the way nodes are materialised changes, so that old results are not reused. */
const FORMAT_VERSION = 1;

/**
 * A node's fingerprint: its rendered SQL, its config, the fingerprints of everything it reads, the
 * content hashes of the files it reads, and the profile's DuckDB session when there is one. Paths are relative to the project root, so the same
 * commit checked out in a worktree has the same fingerprints as in the working tree.
 */
export async function fingerprintProject(compiled: CompiledProject, hashes: FileHashes): Promise<Map<string, string>> {
  return (await fingerprintNodes(compiled, hashes)).fingerprints;
}

/**
 * Fingerprints, and each node's definition hash: the same without its upstream. A node whose
 * definition changed is directly modified; one whose fingerprint changed only through its
 * upstream is indirectly modified (what a diff reports).
 */
export async function fingerprintNodes(compiled: CompiledProject, hashes: FileHashes): Promise<{ fingerprints: Map<string, string>; definitions: Map<string, string> }> {
  const fingerprints = new Map<string, string>();
  const definitions = new Map<string, string>();
  // The profile's extensions and settings can change what the same SQL returns.
  const session = sessionStatements(compiled.project.session);
  // Listing and statting the files nodes read is I/O: do all of it at once.
  const filesOf = new Map(await Promise.all(compiled.order.map(async (id) => [id, await filesRead(compiled.project.root, compiled.nodes.get(id) as CompiledNode, hashes)] as const)));
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id) as CompiledNode;
    const definition = sha256(JSON.stringify({
      v: FORMAT_VERSION,
      kind: node.kind,
      materialization: node.materialization,
      relation: node.kind === 'source' ? (node.source.kind === 'source' && node.source.deliveredRelation) || node.relation : node.objectSchema && node.objectSchema !== 'main' ? `${node.objectSchema}.${node.objectName}` : node.objectName,
      sql: node.sql ?? null,
      config: fingerprintedConfig(node),
      // An enforced contract checks what is stored: a store file written under another contract is not this one.
      ...contractFingerprint(node),
      files: filesOf.get(id),
      // An --empty build snapshots no rows of a source: its snapshot is not the full one.
      ...(compiled.empty && node.kind === 'source' ? { empty: true } : {}),
      ...(session.length > 0 ? { session } : {}),
    }));
    const upstream = node.dependsOn.map((dep) => [dep, fingerprints.get(dep) ?? 'missing']).sort();
    definitions.set(id, definition);
    fingerprints.set(id, sha256(JSON.stringify({ definition, upstream })));
  }
  return { fingerprints, definitions };
}

/** One fingerprint for a whole environment: what a report and a sign-off name. */
export function environmentFingerprint(fingerprints: ReadonlyMap<string, string>): string {
  return sha256(JSON.stringify([...fingerprints.entries()].sort()));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function contractFingerprint(node: CompiledNode): { contract?: unknown } {
  const model = node.source;
  if (model.kind !== 'model' || !model.contract || !contractEnforced(node.config)) return {};
  const columns = model.contract.columns.map(({ name, dataType }) => [name, dataType ?? null]);
  const constraints = model.contract.constraints.map(({ location: _where, warnUnenforced: _warn, ...constraint }) => constraint);
  return { contract: { columns, constraints } };
}

function fingerprintedConfig(node: CompiledNode): unknown {
  const { unique_key, incremental_strategy, extra } = node.config;
  return { unique_key: unique_key ?? null, incremental_strategy: incremental_strategy ?? null, extra };
}

async function filesRead(root: string, node: CompiledNode, hashes: FileHashes): Promise<[string, string][]> {
  const source = node.source;
  const patterns = source.kind === 'source' ? source.fileGlobs : source.kind === 'seed' ? [source.location.file] : [];
  const out: [string, string][] = [];
  for (const pattern of patterns) {
    if (/^[a-z]+:\/\//i.test(pattern)) {
      out.push([pattern, 'remote']);
      continue;
    }
    const files = (await glob(pattern, { cwd: root, onlyFiles: true, expandDirectories: false })).sort();
    const fileHashes = await Promise.all(files.map((file) => hashes.hash(path.join(root, file))));
    files.forEach((file, i) => out.push([file, fileHashes[i] as string]));
  }
  return out;
}
