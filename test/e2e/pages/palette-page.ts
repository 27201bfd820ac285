import type { Locator, Page } from 'playwright-core';

/** The command palette (Ctrl+K) and the list of keyboard shortcuts (`?`). */
export class PalettePage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly listbox: Locator;
  readonly options: Locator;
  readonly selectedOption: Locator;
  readonly empty: Locator;
  readonly shortcuts: Locator;
  readonly shortcutEntries: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByTestId('command-palette');
    this.input = page.getByTestId('palette-input');
    this.listbox = this.dialog.getByRole('listbox');
    this.options = this.listbox.getByRole('option');
    this.selectedOption = this.listbox.locator('[role="option"][aria-selected="true"]');
    this.empty = page.getByTestId('palette-empty');
    this.shortcuts = page.getByTestId('shortcuts-dialog');
    this.shortcutEntries = page.getByTestId('shortcut-entry');
  }

  /** Ctrl+K, from wherever the focus is. */
  async openWithKeyboard(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.input.waitFor();
  }

  /** Types into the filter and waits until the list shows what it filtered. */
  async filter(text: string): Promise<void> {
    await this.input.fill(text);
    // The list is drawn for what was typed once the field's value and the rendered query agree.
    await this.page.waitForFunction(`document.querySelector('[data-testid="palette-input"]')?.value === ${JSON.stringify(text)}`);
    await this.page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
  }

  async optionTitles(): Promise<string[]> {
    return this.options.getByTestId('palette-option-title').allTextContents();
  }

  async selectedTitle(): Promise<string> {
    return (await this.selectedOption.getByTestId('palette-option-title').textContent()) ?? '';
  }

  /** The command ids of the options, in the order shown. */
  async optionCommands(): Promise<string[]> {
    return this.options.evaluateAll((options) => options.map((option) => option.getAttribute('data-command') ?? ''));
  }

  /** The palette's ARIA wiring: the dialog's name, the field's active option, the options' selection. */
  async accessibility(): Promise<{ role: string | null; modal: string | null; name: string; activeIsSelected: boolean; focused: boolean }> {
    return this.page.evaluate(`(() => {
      const dialog = document.querySelector('[data-testid="command-palette"]');
      const input = dialog.querySelector('[data-testid="palette-input"]');
      const labelId = dialog.getAttribute('aria-labelledby');
      const active = input.getAttribute('aria-activedescendant');
      return {
        role: dialog.getAttribute('role'),
        modal: dialog.getAttribute('aria-modal'),
        name: (labelId && document.getElementById(labelId)?.textContent) || '',
        activeIsSelected: !!active && document.getElementById(active)?.getAttribute('aria-selected') === 'true',
        focused: document.activeElement === input,
      };
    })()`);
  }

  async shortcutsName(): Promise<string> {
    return this.page.evaluate(`(() => {
      const labelId = document.querySelector('[data-testid="shortcuts-dialog"]').getAttribute('aria-labelledby');
      return (labelId && document.getElementById(labelId)?.textContent) || '';
    })()`);
  }

  /** The data-testid of the focused element, or of its nearest ancestor that has one. */
  async focusedTestId(): Promise<string | null> {
    return this.page.evaluate(`document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null`);
  }
}
