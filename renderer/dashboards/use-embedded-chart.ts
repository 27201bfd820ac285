import type { Result } from 'vega-embed';
import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import type { ResultValue } from '../../shared/dashboard-types.js';
import { embedChart } from './embed-chart.js';

/**
 * Draws a Vega-Lite spec with its rows into `container`, again whenever either changes, and
 * finalizes the view when the component goes: what every chart component of the app shares.
 */
export function useEmbeddedChart(container: Ref<HTMLElement | null>, source: () => { spec: Record<string, unknown>; rows: Record<string, ResultValue>[] }) {
  const drawn = ref(false);
  const drawError = ref<string | null>(null);
  let result: Result | null = null;

  async function draw(): Promise<void> {
    if (!container.value) return;
    result?.finalize();
    result = null;
    drawn.value = false;
    const { spec, rows } = source();
    try {
      result = await embedChart(container.value, spec, rows);
      drawError.value = null;
      drawn.value = true;
    } catch (err) {
      drawError.value = err instanceof Error ? err.message : String(err);
    }
  }

  onMounted(draw);
  watch(() => { const { spec, rows } = source(); return [spec, rows]; }, draw);
  onBeforeUnmount(() => result?.finalize());
  return { drawn, drawError, current: () => result };
}
