import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ColumnDescription } from '../../shared/api.js';
import { assayClient } from '../api/client-registry.js';

export const PREVIEW_PAGE_SIZE = 200;

type Row = Record<string, unknown>;

/** A node's rows, fetched a page at a time as the preview scrolls to them. */
export const usePreviewStore = defineStore('preview', () => {
  const nodeId = ref<string | null>(null);
  const columns = ref<ColumnDescription[]>([]);
  const total = ref(0);
  const pages = shallowRef<ReadonlyMap<number, Row[]>>(new Map());
  const error = ref<string | null>(null);
  const loading = ref(false);
  const pending = new Set<number>();
  /** Bumped on every reset so that pages requested before it are dropped when they arrive. */
  let generation = 0;

  const loadedRows = computed(() => [...pages.value.values()].reduce((sum, page) => sum + page.length, 0));

  async function load(id: string): Promise<void> {
    nodeId.value = id;
    columns.value = [];
    total.value = 0;
    await refresh();
  }

  async function refresh(): Promise<void> {
    generation += 1;
    pending.clear();
    pages.value = new Map();
    error.value = null;
    loading.value = true;
    await fetchPage(0);
    loading.value = false;
  }

  /** Makes sure the rows from `first` to `last` (inclusive) are loaded or on their way. */
  async function ensureRows(first: number, last: number): Promise<void> {
    const wanted: number[] = [];
    for (let page = Math.floor(first / PREVIEW_PAGE_SIZE); page <= Math.floor(last / PREVIEW_PAGE_SIZE); page++) {
      if (page * PREVIEW_PAGE_SIZE < total.value && !pages.value.has(page) && !pending.has(page)) wanted.push(page);
    }
    await Promise.all(wanted.map(fetchPage));
  }

  function rowAt(index: number): Row | undefined {
    return pages.value.get(Math.floor(index / PREVIEW_PAGE_SIZE))?.[index % PREVIEW_PAGE_SIZE];
  }

  async function fetchPage(page: number): Promise<void> {
    const id = nodeId.value;
    if (!id) return;
    const requestedIn = generation;
    pending.add(page);
    const result = await assayClient().previewNode({ node: id, offset: page * PREVIEW_PAGE_SIZE, limit: PREVIEW_PAGE_SIZE });
    if (requestedIn !== generation) return;
    pending.delete(page);
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    columns.value = result.value.columns;
    total.value = result.value.total;
    pages.value = new Map(pages.value).set(page, result.value.rows);
  }

  function close(): void {
    nodeId.value = null;
    generation += 1;
    pages.value = new Map();
  }

  return { nodeId, columns, total, error, loading, loadedRows, load, refresh, ensureRows, rowAt, close };
});
