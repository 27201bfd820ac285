import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { centerOn, fitTransform, zoomAround, type Size, type ViewTransform } from './viewport-transform.js';

/** Pointer travel (px) below which a press is a click, not the start of a pan. */
const DRAG_THRESHOLD = 4;
const BUTTON_ZOOM = 1.25;

/**
 * Zoom and pan of a drawing inside `area`: the wheel (and a trackpad's pinch, which arrives as a
 * wheel event with ctrlKey) zooms around the pointer, dragging pans. A drag that moved does not
 * also click the node it started on.
 */
export function usePanZoom(area: Ref<HTMLElement | null>) {
  const transform = ref<ViewTransform>({ x: 0, y: 0, k: 1 });
  const size = ref<Size>({ width: 0, height: 0 });
  let drag: { pointerId: number; startX: number; startY: number; origin: ViewTransform; moved: boolean } | null = null;
  const observer = new ResizeObserver(([entry]) => {
    if (entry) size.value = { width: entry.contentRect.width, height: entry.contentRect.height };
  });

  onMounted(() => {
    if (area.value) observer.observe(area.value);
  });
  onBeforeUnmount(() => observer.disconnect());

  function pointIn(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = area.value?.getBoundingClientRect();
    return { x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) };
  }

  function onWheel(event: WheelEvent): void {
    event.preventDefault();
    const step = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
    transform.value = zoomAround(transform.value, Math.exp(-step * (event.ctrlKey ? 0.01 : 0.0015)), pointIn(event));
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, origin: transform.value, moved: false };
  }

  function onPointerMove(event: PointerEvent): void {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      // Captured only once it is a pan: the release then lands on the area, so the node the drag started on
      // is not clicked; captured from the press, a plain click would not reach the node either.
      area.value?.setPointerCapture(event.pointerId);
    }
    transform.value = { ...drag.origin, x: drag.origin.x + dx, y: drag.origin.y + dy };
  }

  function onPointerUp(event: PointerEvent): void {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag = null;
  }

  function zoomBy(factor: number): void {
    transform.value = zoomAround(transform.value, factor, { x: size.value.width / 2, y: size.value.height / 2 });
  }

  return {
    transform,
    size,
    listeners: { wheel: onWheel, pointerdown: onPointerDown, pointermove: onPointerMove, pointerup: onPointerUp, pointercancel: onPointerUp },
    zoomIn: () => zoomBy(BUTTON_ZOOM),
    zoomOut: () => zoomBy(1 / BUTTON_ZOOM),
    /** Fits the drawing into the area less `reserved` pixels on its right (where an overlay sits). */
    fit: (drawing: Size, reserved = 0) => {
      transform.value = fitTransform(drawing, { width: size.value.width - reserved, height: size.value.height });
    },
    center: (point: { x: number; y: number }, k: number) => {
      transform.value = centerOn(point, size.value, k);
    },
  };
}
