import { describe, expect, it } from 'vitest';
import { ReviewPage } from './pages/review-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const LOST_PRESCRIBERS = "select customer_id from {{ ref('stg_customers') }} where last_delivered_month = (select max(last_delivered_month) from {{ ref('stg_customers') }})";

describe('review the lake as of two deliveries (issue 17)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`compares the example as of August with as of September: the prescribers the September delivery lost (${viewport.width}x${viewport.height})`, async () => {
      const { app } = await suite.open({ autoBuild: false, viewport });
      const page = app.page;
      const review = new ReviewPage(page);
      await review.show();

      // Each side offers the checked-out branch as of every delivery of the lake.
      const options = page.locator('[data-testid="review-compare"] [data-testid="as-of-options"] option');
      await options.first().waitFor({ state: 'attached' });
      const offered = await options.allTextContents();
      expect(offered).toHaveLength(12);
      expect(offered[0]).toBe('as of 2024-01');
      await review.compareBranches('as-of~2024-08', 'as-of~2024-09');
      expect(await review.sides.textContent()).toMatch(/base as-of~2024-08 @ \w+\s+→ compare as-of~2024-09 @/);

      // The code is the same on both sides: every model differs only through the delivery.
      await review.openModel('customers_per_month');
      expect(await review.rowCount('added', review.modelDiff).getAttribute('data-value')).toBe('1');
      const sql = await review.sqlDiffOf('customers_per_month');
      expect(await sql.getAttribute('data-status')).toBe('unchanged');
      await app.screenshot(`review-as-of-01-models-${viewport.width}`);

      await review.diffQuery(LOST_PRESCRIBERS, 'customer_id');
      const lost = review.queryDiff.getByTestId('model-diff');
      expect(await review.rowCount('base', lost).getAttribute('data-value')).toBe('120');
      expect(await review.rowCount('compare', lost).getAttribute('data-value')).toBe('80');
      expect(await review.rowCount('removed', lost).getAttribute('data-value')).toBe('40');
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      await app.screenshot(`review-as-of-02-lost-prescribers-${viewport.width}`);
    });
  }
});
