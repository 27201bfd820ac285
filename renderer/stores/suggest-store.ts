import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AcceptedTests, TestSuggestions } from '../../shared/suggest-types.js';
import { assayClient } from '../api/client-registry.js';
import { useProjectStore } from './project-store.js';

/** Suggested tests of the open model (issue 15): the profile's proposals, which are ticked, and writing them. */
export const useSuggestStore = defineStore('suggest', () => {
  const node = ref<string | null>(null);
  const result = ref<TestSuggestions | null>(null);
  const selected = ref<Set<string>>(new Set());
  const profiling = ref(false);
  const accepting = ref(false);
  const error = ref<string | null>(null);
  const accepted = ref<AcceptedTests | null>(null);

  const selectedCount = computed(() => selected.value.size);

  /** Forgets another model's suggestions when a model is opened. */
  function show(id: string | null): void {
    if (id === node.value) return;
    node.value = id;
    result.value = null;
    selected.value = new Set();
    error.value = null;
    accepted.value = null;
  }

  async function suggest(): Promise<void> {
    const id = node.value;
    if (!id || profiling.value) return;
    profiling.value = true;
    error.value = null;
    accepted.value = null;
    const answer = await assayClient().suggestTests({ node: id });
    profiling.value = false;
    if (id !== node.value) return;
    if (!answer.ok) {
      error.value = answer.error;
      result.value = null;
      return;
    }
    result.value = answer.value;
    selected.value = new Set();
  }

  function toggle(id: string): void {
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = next;
  }

  async function accept(): Promise<void> {
    const id = node.value;
    if (!id || accepting.value || selected.value.size === 0) return;
    accepting.value = true;
    error.value = null;
    const answer = await assayClient().acceptSuggestedTests({ node: id, ids: [...selected.value] });
    accepting.value = false;
    if (id !== node.value) return;
    if (!answer.ok) {
      error.value = answer.error;
      return;
    }
    accepted.value = answer.value;
    const written = new Set([...answer.value.added.map((t) => t.id), ...answer.value.alreadyDeclared]);
    if (result.value) result.value = { ...result.value, suggestions: result.value.suggestions.filter((s) => !written.has(s.id)) };
    selected.value = new Set();
    await useProjectStore().refresh();
  }

  return { node, result, selected, selectedCount, profiling, accepting, error, accepted, show, suggest, toggle, accept };
});
