import { testStatuses } from './test-status.js';
import type { StatusColours } from './status-colours.js';

/** The `--test-*` colours of screens.css, as the page has them. */
export function readStatusColours(): StatusColours {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(testStatuses.map((status) => [status, style.getPropertyValue(`--test-${status}`).trim() || '#888888'])) as StatusColours;
}
