import type { WorkbenchScreen } from '../stores/navigation-store.js';

/**
 * The app's keyboard shortcuts, in one place: the `?` list, the palette's hints and the buttons'
 * tooltips all read them from here. A key is written `Mod+K` (Ctrl on Linux and Windows, ⌘ on macOS),
 * `Alt+1`, `?`, `Escape`.
 */

export const isMac = /mac/i.test((globalThis as { navigator?: { platform?: string } }).navigator?.platform ?? '');

/**
 * The screens of the sidebar, in its order, each with its two-key sequence (G, then a letter, as in
 * GitHub and Gmail): single keys, because Linux browsers keep Alt+<digit> and Ctrl+<digit> for their tabs.
 */
export const SCREEN_KEYS: { screen: 'lineage' | WorkbenchScreen; title: string; key: string }[] = [
  { screen: 'lineage', title: 'Lineage', key: 'G L' },
  { screen: 'tests', title: 'Tests', key: 'G T' },
  { screen: 'review', title: 'Review', key: 'G R' },
  { screen: 'report', title: 'Report & release', key: 'G E' },
  { screen: 'git', title: 'Git', key: 'G G' },
  { screen: 'dashboards', title: 'Dashboards', key: 'G D' },
  { screen: 'packages', title: 'Packages', key: 'G P' },
  { screen: 'history', title: 'History', key: 'G H' },
  { screen: 'warehouse', title: 'Warehouse', key: 'G W' },
];

/** The screen a "G, then <letter>" sequence opens, or undefined. */
export function screenOfSequence(letter: string): (typeof SCREEN_KEYS)[number] | undefined {
  return SCREEN_KEYS.find((entry) => entry.key === `G ${letter.toUpperCase()}`);
}

export const SHORTCUTS = {
  palette: 'Mod+K',
  help: '?',
  build: 'Mod+B',
  save: 'Mod+S',
} as const;

export interface ShortcutGroup {
  title: string;
  entries: { keys: string[]; what: string }[];
}

/** What the `?` dialog lists. */
export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: 'Anywhere',
    entries: [
      { keys: [SHORTCUTS.palette], what: 'Open the command palette: every screen, action, branch and node' },
      { keys: [SHORTCUTS.help], what: 'Show this list (not while typing)' },
      { keys: [SHORTCUTS.build], what: 'Build this branch' },
      { keys: [SHORTCUTS.save], what: 'Save the open model' },
    ],
  },
  {
    title: 'Screens (G, then a letter; not while typing)',
    entries: SCREEN_KEYS.map(({ title, key }) => ({ keys: [key], what: `Go to ${title}` })),
  },
  {
    title: 'In the command palette',
    entries: [
      { keys: ['↑', '↓'], what: 'Move through the list' },
      { keys: ['Enter'], what: 'Run the highlighted command' },
      { keys: ['Escape'], what: 'Close, back to where you were' },
    ],
  },
  {
    title: 'In the SQL editor',
    entries: [
      { keys: ['Mod+Z'], what: 'Undo' },
      { keys: ['Mod+Shift+Z'], what: 'Redo' },
      { keys: ['Tab'], what: 'Indent' },
    ],
  },
];

/** A key as this platform writes it: `Mod+K` is `Ctrl+K` here and `⌘K` on a Mac; `G L` is `G then L`. */
export function formatKey(key: string, mac = isMac): string {
  if (key.includes(' ')) return key.split(' ').join(' then ');
  if (!mac) return key.replace(/Mod\+/g, 'Ctrl+');
  return key
    .replace(/Mod\+/g, '⌘')
    .replace(/Alt\+/g, '⌥')
    .replace(/Shift\+/g, '⇧');
}

/** "Build this branch (Ctrl+B)": a tooltip that names the shortcut. */
export function withShortcut(label: string, key: string): string {
  return `${label} (${formatKey(key)})`;
}
