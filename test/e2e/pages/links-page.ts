import type { Locator, Page } from 'playwright-core';

/** What the URL names: the place in the fragment, and what the app says when it cannot follow it. */
export class LinksPage {
  readonly branchNotice: Locator;
  readonly switchToLinkBranch: Locator;
  readonly stayOnBranch: Locator;
  readonly noSuchNode: Locator;
  readonly noSuchScreen: Locator;

  constructor(private readonly page: Page) {
    this.branchNotice = page.getByTestId('link-branch-notice');
    this.switchToLinkBranch = page.getByTestId('link-branch-switch');
    this.stayOnBranch = page.getByTestId('link-branch-stay');
    this.noSuchNode = page.getByTestId('no-such-node');
    this.noSuchScreen = page.getByTestId('no-such-screen');
  }

  /** `#/node/dim_product?branch=main`: the fragment, decoded. */
  async place(): Promise<string> {
    return decodeURIComponent(new URL(this.page.url()).hash);
  }

  async waitForPlace(place: string): Promise<void> {
    await this.page.waitForFunction(`decodeURIComponent(location.hash) === ${JSON.stringify(place)}`);
  }

  /** The app's address with another fragment, loaded afresh as a pasted or bookmarked link is. */
  async openLink(fragment: string): Promise<void> {
    const url = new URL(this.page.url());
    url.hash = fragment;
    await this.page.goto('about:blank');
    await this.page.goto(url.href);
  }
}
