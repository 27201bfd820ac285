import type { Locator, Page } from 'playwright-core';

/** Where each line of the SQL editor starts on screen, against the right edge of its line-number gutter. */
export interface LineStart {
  line: number;
  text: string;
  left: number;
  gutterRight: number;
}

/** The model's SQL editor (CodeMirror), driven as a person would: clicks, keys, a paste, undo. */
export class SqlEditorPage {
  readonly content: Locator;
  readonly lines: Locator;

  constructor(private readonly page: Page) {
    this.content = page.locator('[data-testid="sql-editor"] .cm-content');
    this.lines = page.locator('[data-testid="sql-editor"] .cm-line');
  }

  /**
   * Puts the cursor at the end of a line (1-based) by clicking right of its last character. (End
   * would stop at the first wrap of a wrapped line, as in other editors.)
   */
  async goToEndOfLine(line: number): Promise<void> {
    const target = this.lines.nth(line - 1);
    const box = await target.boundingBox();
    if (!box) throw new Error(`line ${line} is not drawn`);
    await target.click({ position: { x: box.width - 2, y: box.height - 4 } });
  }

  /** Pastes text at the cursor through a real paste event, which is what CodeMirror listens to. */
  async paste(text: string): Promise<void> {
    // Written as page code: the tests are compiled without the DOM's types.
    await this.page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/plain', ${JSON.stringify(text)});
      const content = document.querySelector('[data-testid="sql-editor"] .cm-content');
      content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
  }

  /** Where the first character of every drawn line is, and where the gutter ends. */
  async lineStarts(): Promise<LineStart[]> {
    await this.content.waitFor();
    return this.page.evaluate(`(() => {
      const editor = document.querySelector('[data-testid="sql-editor"] .cm-editor');
      const gutterRight = editor.querySelector('.cm-gutters')?.getBoundingClientRect().right ?? 0;
      return [...editor.querySelectorAll('.cm-line')].map((line, index) => {
        const range = document.createRange();
        range.selectNodeContents(line);
        const first = range.getClientRects()[0] ?? line.getBoundingClientRect();
        return { line: index + 1, text: line.textContent ?? '', left: first.left, gutterRight };
      });
    })()`);
  }

  /** Lines whose start is drawn under the gutter or scrolled out of the editor. */
  async hiddenLineStarts(): Promise<LineStart[]> {
    return (await this.lineStarts()).filter((start) => start.text.trim() !== '' && start.left < start.gutterRight);
  }
}
