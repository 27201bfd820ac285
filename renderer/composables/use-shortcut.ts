import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Runs `action` on Ctrl+<key> (Cmd+<key> on macOS) anywhere in the window, the editor included,
 * and keeps the browser's own meaning of the keys (save page, bookmarks) from firing.
 */
export function useShortcut(key: string, action: () => void): void {
  const onKeydown = (event: KeyboardEvent): void => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (event.key.toLowerCase() !== key) return;
    event.preventDefault();
    action();
  };
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
