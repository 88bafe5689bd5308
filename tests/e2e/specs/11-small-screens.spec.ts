import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { Api } from '../api';
import { readClipboard } from '../pages';

/**
 * Issue 17: the page at 320-768 px and at 200% and 400% zoom (WCAG 2.2, 1.4.10 reflow). A 1280 px
 * wide window at 200% lays out 640 CSS px, at 400% 320 CSS px: emulated by the CSS viewport and the
 * device scale factor. Nothing scrolls sideways, and every action of a row is on screen and works.
 */
const screens = [
  { name: '320 px wide', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
  { name: '375 px wide', viewport: { width: 375, height: 720 }, deviceScaleFactor: 1 },
  { name: '768 px wide', viewport: { width: 768, height: 1000 }, deviceScaleFactor: 1 },
  { name: '1280 px at 200% zoom', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  { name: '1280 px at 400% zoom', viewport: { width: 320, height: 200 }, deviceScaleFactor: 4 },
];

async function expectNoSidewaysScroll(page: Page, state: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `the document scrolls sideways (${state})`).toBeLessThanOrEqual(client);
}

/** The element lies within the viewport's width once scrolled into view. */
async function expectOnScreen(page: Page, element: Locator): Promise<void> {
  await element.scrollIntoViewIfNeeded();
  const box = (await element.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe violations on ${state}`).toEqual([]);
}

for (const screen of screens) {
  test.describe(screen.name, () => {
    test.use({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor });

    test(`journey 11: the list and its dialogs fit and work (${screen.name})`, async ({ alice: keys, page }) => {
      const api = new Api(page.request);
      const made = [await api.create('Nightly billing export for the finance team'), await api.create()];
      await page.reload();
      await keys.loaded();
      await expect(keys.rows).toHaveCount(2);
      await expectNoSidewaysScroll(page, 'the list');
      await expectNoAxeViolations(page, 'the list');

      for (const key of made) {
        const row = keys.row(key.client_id);
        const copy = row.getByRole('button', { name: 'Copy Client ID' });
        await expectOnScreen(page, copy);
        await copy.click();
        await expect.poll(() => readClipboard(page)).toBe(key.client_id);
        await expectOnScreen(page, keys.deleteButton(key.description ?? key.client_id));
      }

      await keys.newSecret.click();
      await expect(keys.dialog).toHaveAccessibleName('New secret');
      await expectNoSidewaysScroll(page, 'the New secret dialog');
      await expectOnScreen(page, keys.dialog.getByRole('button', { name: 'Generate now' }));
      await expectNoAxeViolations(page, 'the New secret dialog');
      await page.keyboard.press('Escape');
      await expect(keys.dialog).toHaveCount(0);

      const [first] = made;
      await keys.deleteButton(first.description!).click();
      await expect(keys.confirm).toHaveAccessibleName('Delete this key?');
      await expectNoSidewaysScroll(page, 'the delete confirmation');
      const confirm = keys.confirm.getByRole('button', { name: 'Confirm' });
      await expectOnScreen(page, confirm);
      await confirm.click();
      await expect(keys.rows).toHaveCount(1);
      await keys.expectMatchesServer();
    });
  });
}

test.describe('standalone shell on a phone', () => {
  test.use({ viewport: { width: 375, height: 720 } });

  test('journey 11: a menu button opens the console navigation', async ({ alice: keys, page }) => {
    const menu = page.getByRole('button', { name: 'Menu' });
    const link = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Application keys' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(link).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(link).toBeVisible();
    await expectNoSidewaysScroll(page, 'the open navigation');
    await link.click();
    await expect(link).toBeHidden();
    await expect(keys.heading).toBeVisible();
  });
});
