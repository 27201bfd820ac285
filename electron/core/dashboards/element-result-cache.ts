import type { ElementResult } from '../../../shared/dashboard-types.js';
import type { ScalarParam } from '../engine/params.js';
import type { CatalogEntry } from '../env/catalog.js';
import type { LoadedElement } from './dashboard.js';
import { bindNamedParameters } from './sql-parameters.js';

/** Results kept, newest used last; a dashboard has a handful of elements, an analyst a few parameter values at once. */
const MAX_KEPT = 200;

/** SQL whose answer changes with the clock or by chance: never answered from what was kept. */
const VOLATILE = /\b(now|current_date|current_time|current_timestamp|today|get_current_time|get_current_timestamp|random|uuid|gen_random_uuid|setseed)\b/i;

/**
 * Element results kept across previews: an element is run again only when what decides its rows
 * changed (its definition, the parameter values it reads, or the fingerprint of a node it reads),
 * so that after a save only the elements reading a rebuilt model query the environment. A preview
 * asking for an element that another preview is running waits for that run rather than start a
 * second one (the app reads ahead after a build, and the page asks moments later).
 */
export class ElementResultCache {
  private readonly kept = new Map<string, ElementResult>();
  private readonly running = new Map<string, Promise<ElementResult>>();

  /** The element's result: kept, being run, or run now by `run` (a result with an error is not kept). */
  async answer(key: string, run: () => Promise<ElementResult>): Promise<ElementResult> {
    const earlier = this.get(key);
    if (earlier) return { ...earlier, cached: true };
    const shared = this.running.get(key);
    if (shared) return { ...(await shared), cached: true };
    const running = run().finally(() => this.running.delete(key));
    this.running.set(key, running);
    const result = await running;
    if (result.error === null) this.set(key, result);
    return result;
  }

  private get(key: string): ElementResult | undefined {
    const result = this.kept.get(key);
    if (!result) return undefined;
    this.kept.delete(key);
    this.kept.set(key, result);
    return result;
  }

  private set(key: string, result: ElementResult): void {
    this.kept.set(key, result);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= MAX_KEPT) break;
      this.kept.delete(oldest);
    }
  }
}

/**
 * What decides an element's result on an environment, or null when it cannot be told (a node it
 * reads is not in the catalog, or its SQL reads the clock or random numbers).
 */
export function elementKey(element: LoadedElement, values: Map<string, ScalarParam>, entries: ReadonlyMap<string, CatalogEntry>, setup: string[], rowCap: number): string | null {
  if (VOLATILE.test(element.sql)) return null;
  const inputs: string[] = [];
  for (const id of element.reads) {
    const entry = entries.get(id);
    if (!entry || (entry.status !== 'built' && entry.status !== 'reused' && entry.status !== 'carried')) return null;
    inputs.push(`${id}=${entry.fingerprint}:${entry.physical ?? ''}`);
  }
  const params = bindNamedParameters(element.sql).names.map((name) => [name, values.get(name) ?? null]);
  return JSON.stringify({ element, params, inputs, setup, rowCap });
}
