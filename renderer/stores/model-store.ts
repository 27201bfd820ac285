import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelDetail } from '../../shared/api.js';
import { assayClient } from '../api/client-registry.js';

/** The open model: its SQL as on disk and as being edited, its compiled SQL and columns, and saving it. */
export const useModelStore = defineStore('model', () => {
  const nodeId = ref<string | null>(null);
  const detail = ref<ModelDetail | null>(null);
  const draftSql = ref('');
  const loadError = ref<string | null>(null);
  const saveError = ref<string | null>(null);
  const saving = ref(false);
  const lastSavedFile = ref<string | null>(null);

  const isDirty = computed(() => detail.value !== null && draftSql.value !== detail.value.rawSql);

  async function load(id: string): Promise<void> {
    nodeId.value = id;
    detail.value = null;
    draftSql.value = '';
    loadError.value = null;
    saveError.value = null;
    await reload();
  }

  /** Re-reads the model from the core; an unsaved draft is kept, never overwritten. */
  async function reload(): Promise<void> {
    const id = nodeId.value;
    if (!id) return;
    const result = await assayClient().readModel({ node: id });
    if (id !== nodeId.value) return;
    if (!result.ok) {
      loadError.value = result.error;
      return;
    }
    const keepDraft = isDirty.value;
    detail.value = result.value;
    loadError.value = null;
    if (!keepDraft) draftSql.value = result.value.rawSql;
  }

  function edit(sql: string): void {
    draftSql.value = sql;
  }

  function close(): void {
    nodeId.value = null;
    detail.value = null;
    draftSql.value = '';
  }

  async function save(): Promise<void> {
    const id = nodeId.value;
    if (!id || !detail.value || saving.value || !isDirty.value) return;
    saving.value = true;
    saveError.value = null;
    const sql = draftSql.value;
    const result = await assayClient().saveModel({ node: id, sql });
    saving.value = false;
    if (!result.ok) {
      saveError.value = result.error;
      return;
    }
    lastSavedFile.value = result.value.file;
    detail.value = { ...detail.value, rawSql: sql };
    await reload();
  }

  return { nodeId, detail, draftSql, loadError, saveError, saving, lastSavedFile, isDirty, load, reload, edit, close, save };
});
