import type { TestStatus } from '../../../shared/test-types.js';

/**
 * The report's own status icons, drawn inline: an emoji needs an emoji font, and on a machine
 * without one every status showed as an empty box. Each has its status as title and label, and a
 * shape of its own besides the colour (a check, a bar, a cross, a bolt, a dash).
 */
const shapes: Record<TestStatus, { colour: string; body: string }> = {
  pass: { colour: '#1f8a4c', body: '<circle cx="8" cy="8" r="7.5" fill="#1f8a4c"/><path d="M4.5 8.3l2.3 2.3 4.7-5" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>' },
  warn: { colour: '#b86e00', body: '<path d="M8 .8l7.4 13.6H.6z" fill="#d98a00" stroke="#d98a00" stroke-linejoin="round"/><path d="M8 5.4v4.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/><circle cx="8" cy="12.2" r="1" fill="#fff"/>' },
  fail: { colour: '#c0392b', body: '<circle cx="8" cy="8" r="7.5" fill="#c0392b"/><path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>' },
  error: { colour: '#7d1f1f', body: '<path d="M4.9.5h6.2l4.4 4.4v6.2l-4.4 4.4H4.9L.5 11.1V4.9z" fill="#7d1f1f"/><path d="M9 3.2L5.6 8.6h2.8L7 12.8l3.6-5.6H7.8z" fill="#fff"/>' },
  skipped: { colour: '#8a94a3', body: '<circle cx="8" cy="8" r="7.5" fill="#8a94a3"/><path d="M4.6 8h6.8" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>' },
};

export function statusIcon(status: TestStatus): string {
  return `<svg class="icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label="${status}"><title>${status}</title>${shapes[status].body}</svg>`;
}

/** The colour that goes with each status, for text beside its icon. */
export function statusColour(status: TestStatus): string {
  return shapes[status].colour;
}
