import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ColumnDescription } from '../../shared/api.js';
import type { PreviewFilter, PreviewSort } from '../../shared/preview-query.js';
import { assayClient } from '../api/client-registry.js';
import { parseFilterInput } from '../preview/filter-input.js';

export const PREVIEW_PAGE_SIZE = 200;

type Row = Record<string, unknown>;

/** What was typed in one column's filter box, and what it means (or why it cannot be read). */
export interface ColumnFilterInput {
  text: string;
  filter: PreviewFilter | null;
  error: string | null;
}

/** A node's rows, sorted and filtered in DuckDB, fetched a page at a time as the preview scrolls to them. */
export const usePreviewStore = defineStore('preview', () => {
  const nodeId = ref<string | null>(null);
  const columns = ref<ColumnDescription[]>([]);
  const total = ref(0);
  const pages = shallowRef<ReadonlyMap<number, Row[]>>(new Map());
  const error = ref<string | null>(null);
  const loading = ref(false);
  /** The SQL that reads the node in its environment, for the SQL console. */
  const relation = ref<string | null>(null);
  const sort = ref<PreviewSort | null>(null);
  const filterInputs = ref<Record<string, ColumnFilterInput>>({});
  const pending = new Set<number>();
  /** Bumped on every reset so that pages requested before it are dropped when they arrive. */
  let generation = 0;

  const loadedRows = computed(() => [...pages.value.values()].reduce((sum, page) => sum + page.length, 0));
  const filters = computed(() => Object.values(filterInputs.value).flatMap((input) => (input.filter ? [input.filter] : [])));
  const filtered = computed(() => filters.value.length > 0);

  async function load(id: string): Promise<void> {
    if (id !== nodeId.value) {
      sort.value = null;
      filterInputs.value = {};
      relation.value = null;
    }
    nodeId.value = id;
    columns.value = [];
    total.value = 0;
    await refresh();
  }

  /** A click on a column's header: ascending, then descending, then unsorted. */
  async function toggleSort(column: string): Promise<void> {
    const current = sort.value?.column === column ? sort.value.direction : null;
    sort.value = current === null ? { column, direction: 'asc' } : current === 'asc' ? { column, direction: 'desc' } : null;
    await refresh();
  }

  /** Text typed in a column's filter box: the rows are asked for again only when it reads as a filter. */
  async function setFilter(column: string, text: string): Promise<void> {
    const described = columns.value.find((c) => c.name === column);
    if (!described) return;
    const parsed = parseFilterInput(described, text);
    const before = JSON.stringify(filters.value);
    filterInputs.value = { ...filterInputs.value, [column]: { text, filter: parsed.ok ? parsed.filter : null, error: parsed.ok ? null : parsed.error } };
    if (JSON.stringify(filters.value) !== before) await refresh();
  }

  async function clearFilters(): Promise<void> {
    filterInputs.value = {};
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
    const result = await assayClient().previewNode({
      node: id,
      offset: page * PREVIEW_PAGE_SIZE,
      limit: PREVIEW_PAGE_SIZE,
      orderBy: sort.value ? [sort.value] : [],
      filters: filters.value,
    });
    if (requestedIn !== generation) return;
    pending.delete(page);
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    columns.value = result.value.columns;
    total.value = result.value.total;
    relation.value = result.value.relation;
    pages.value = new Map(pages.value).set(page, result.value.rows);
  }

  function close(): void {
    nodeId.value = null;
    generation += 1;
    pages.value = new Map();
  }

  return {
    nodeId, columns, total, error, loading, loadedRows, relation, sort, filterInputs, filters, filtered,
    load, refresh, ensureRows, rowAt, close, toggleSort, setFilter, clearFilters,
  };
});
