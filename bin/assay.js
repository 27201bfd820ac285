#!/usr/bin/env node
// The `assay` command. It runs a bundle of the TypeScript CLI (dist/cli/assay.mjs), rebuilt with
// esbuild whenever a source file is newer than it: starting through tsx costs most of a second,
// which `assay build` with nothing to do cannot afford.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'assay.mjs');

function newestSource() {
  let newest = 0;
  for (const dir of ['electron', 'shared']) {
    for (const file of readdirSync(path.join(root, dir), { recursive: true })) {
      if (String(file).endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, dir, String(file))).mtimeMs);
    }
  }
  return newest;
}

function bundleTime() {
  try {
    return statSync(bundle).mtimeMs;
  } catch {
    return 0;
  }
}

if (bundleTime() < newestSource()) {
  const esbuild = await import('esbuild');
  const temp = `${bundle}.${process.pid}.tmp.mjs`;
  await esbuild.build({
    entryPoints: [path.join(root, 'electron', 'cli', 'main.ts')],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const { renameSync } = await import('node:fs');
  renameSync(temp, bundle);
}
await import(pathToFileURL(bundle).href);
