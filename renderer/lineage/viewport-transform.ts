/** How the graph's drawing is placed in its area: screen = graph × k + (x, y). */
export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2.5;

export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** Zooms by `factor` keeping the graph point under `at` (screen coordinates) where it is. */
export function zoomAround(transform: ViewTransform, factor: number, at: { x: number; y: number }): ViewTransform {
  const k = clampZoom(transform.k * factor);
  const ratio = k / transform.k;
  return { k, x: at.x - (at.x - transform.x) * ratio, y: at.y - (at.y - transform.y) * ratio };
}

/** The whole drawing centred in the area, never enlarged past life size. */
export function fitTransform(drawing: Size, area: Size, padding = 24): ViewTransform {
  if (drawing.width <= 0 || drawing.height <= 0 || area.width <= 0 || area.height <= 0) return { x: 0, y: 0, k: 1 };
  const k = clampZoom(Math.min(1, (area.width - 2 * padding) / drawing.width, (area.height - 2 * padding) / drawing.height));
  return { k, x: (area.width - drawing.width * k) / 2, y: (area.height - drawing.height * k) / 2 };
}

/** Moves the view so that the graph point `center` sits in the middle of the area, at zoom `k`. */
export function centerOn(center: { x: number; y: number }, area: Size, k: number): ViewTransform {
  return { k, x: area.width / 2 - center.x * k, y: area.height / 2 - center.y * k };
}

/** The part of the drawing the area shows, in graph coordinates, grown by `margin` screen pixels. */
export function visibleRect(transform: ViewTransform, area: Size, margin = 0): Rect {
  return {
    x: (-transform.x - margin) / transform.k,
    y: (-transform.y - margin) / transform.k,
    width: (area.width + 2 * margin) / transform.k,
    height: (area.height + 2 * margin) / transform.k,
  };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
