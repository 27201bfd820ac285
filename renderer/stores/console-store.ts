import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ConsoleResult } from '../../shared/preview-query.js';
import { assayClient } from '../api/client-registry.js';

export const CONSOLE_ROW_LIMIT = 1000;

/**
 * The SQL console of the node screen: one SELECT on the branch environment, read-only. It starts
 * from the open node's rows; what the analyst typed is kept until another node is opened.
 */
export const useConsoleStore = defineStore('console', () => {
  const nodeId = ref<string | null>(null);
  const sql = ref('');
  const edited = ref(false);
  const running = ref(false);
  const result = ref<ConsoleResult | null>(null);
  const error = ref<string | null>(null);
  /** The node screen's lower half shows the console instead of the rows. */
  const shown = ref(false);
  let runs = 0;

  function show(visible = true): void {
    shown.value = visible;
  }

  /** The node the console starts from, and the SQL that reads it (known once its preview answered). */
  function startFrom(id: string, relation: string | null): void {
    if (id !== nodeId.value) {
      nodeId.value = id;
      edited.value = false;
      result.value = null;
      error.value = null;
    }
    if (!edited.value) sql.value = relation ? `select * from ${relation} limit 100` : '';
  }

  function edit(text: string): void {
    if (text === sql.value) return;
    sql.value = text;
    edited.value = true;
  }

  async function run(): Promise<void> {
    const text = sql.value.trim();
    if (!text) {
      error.value = 'Type a SELECT to run.';
      return;
    }
    runs += 1;
    const thisRun = runs;
    running.value = true;
    error.value = null;
    const answer = await assayClient().queryEnvironment({ sql: text, limit: CONSOLE_ROW_LIMIT });
    if (thisRun !== runs) return;
    running.value = false;
    if (answer.ok) result.value = answer.value;
    else {
      result.value = null;
      error.value = answer.error;
    }
  }

  return { nodeId, sql, edited, running, result, error, shown, show, startFrom, edit, run };
});
