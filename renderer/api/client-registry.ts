import type { AssayClient } from './assay-client.js';

let current: AssayClient | null = null;

/** Set once at start-up (main.ts); tests of stores could set a stub. */
export function installAssayClient(client: AssayClient): void {
  current = client;
}

/** The client the stores' actions go through. Components never call it. */
export function assayClient(): AssayClient {
  if (!current) throw new Error('the Assay client was used before main.ts installed it');
  return current;
}
