import { test, expect } from '../fixtures';
import { expectNoViolations } from '../axe';
import type { Page } from '@playwright/test';

/**
 * Issue 28: the standalone console reads its own addresses (src/shell/route.rs) instead of
 * through leptos_router. What a person sees of them: the start address leads to the keys and
 * leaves no step behind, an unknown address says so and links back, and the console's links and
 * Back and Forward move inside the loaded page.
 */

/** Marks the loaded document, so that a check can tell a move inside it from a reload. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
}

async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

test('journey 26: the start address, an unknown one, and the console\'s links', async ({ alice: keys, page }) => {
  const { clientId } = await keys.create('Address check');

  // The console's start shows the keys; Back does not return to an address that only sends on.
  await page.goto('about:blank');
  await page.goto('/');
  await expect(page).toHaveURL('/application-keys');
  await keys.loaded();
  await page.goBack();
  await expect(page).toHaveURL('about:blank');
  await page.goForward();
  await expect(page).toHaveURL('/application-keys');
  await keys.loaded();

  // An unknown address says so, and its link leads to the keys without a reload.
  await page.goto('/application-keysx');
  const notFound = page.getByRole('heading', { name: 'Page not found', level: 1 });
  await expect(notFound).toBeVisible();
  await expectNoViolations(page, 'the page-not-found page');
  await markDocument(page);
  await page.getByRole('link', { name: 'Go to Application keys' }).click();
  await expect(page).toHaveURL('/application-keys');
  await keys.loaded();
  expect(await isSameDocument(page)).toBe(true);

  // The navigation's link is the current page's, and from a key's page it leads back to the list.
  const navLink = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Application keys' });
  await expect(navLink).toHaveAttribute('aria-current', 'page');
  await keys.row(clientId).getByRole('link', { name: 'Address check' }).click();
  await expect(page).toHaveURL(`/application-keys/${clientId}`);
  await expect(page.getByRole('heading', { name: 'Address check', level: 1 })).toBeFocused();
  await navLink.click();
  await expect(page).toHaveURL('/application-keys');
  await expect(keys.row(clientId)).toBeVisible();
  // Back and Forward move between the two inside the same document.
  await page.goBack();
  await expect(page).toHaveURL(`/application-keys/${clientId}`);
  await expect(page.getByRole('heading', { name: 'Address check', level: 1 })).toBeVisible();
  await page.goForward();
  await expect(keys.row(clientId)).toBeVisible();
  expect(await isSameDocument(page)).toBe(true);
});
