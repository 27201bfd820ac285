import { defineStore } from 'pinia';
import { ref } from 'vue';

export type KeyboardOverlay = 'palette' | 'shortcuts';

/**
 * Which keyboard overlay is open (the command palette or the list of shortcuts), and the element
 * that had the focus before it opened, so that closing it puts the focus back there.
 */
export const usePaletteStore = defineStore('palette', () => {
  const open = ref<KeyboardOverlay | null>(null);
  let returnFocus: HTMLElement | null = null;

  function show(overlay: KeyboardOverlay): void {
    if (open.value === null) {
      const active = document.activeElement;
      returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    }
    open.value = overlay;
  }

  /** Closes the overlay and gives the focus back to where it was, when that is still on the page. */
  function close(): void {
    if (open.value === null) return;
    open.value = null;
    const target = returnFocus;
    returnFocus = null;
    if (target?.isConnected) target.focus({ preventScroll: true });
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }

  return { open, show, close };
});
