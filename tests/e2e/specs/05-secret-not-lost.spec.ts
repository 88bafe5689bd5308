import { test, expect } from '../fixtures';
import type { Page } from '@playwright/test';
import type { KeysPage } from '../pages';

async function expectSecretNowhere(page: Page, keys: KeysPage, secret: string): Promise<void> {
  await expect(keys.dialog).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  expect(page.url()).not.toContain(secret);
  const stored = await page.evaluate(() => {
    const all = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
    return [...all(localStorage), ...all(sessionStorage), document.cookie, location.href, history.state === null ? '' : JSON.stringify(history.state)].join('\n');
  });
  expect(stored).not.toContain(secret);
}

test('journey 5: Escape, the backdrop and Close ask before the secret is thrown away; then it is gone', async ({
  alice: keys,
  page,
}) => {
  const { clientId, secret } = await keys.generate('Shown once');
  const question = keys.dialog.getByRole('alert').filter({ hasText: "You won't see this secret again. Close anyway?" });
  const keep = keys.dialog.getByRole('button', { name: 'Keep it open' });

  // Escape asks; the safe choice has focus; a second Escape keeps the dialog open.
  await page.keyboard.press('Escape');
  await expect(question).toBeVisible();
  await expect(keep).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(keys.shownSecret()).toHaveText(secret);

  // A click on the backdrop asks too.
  await page.mouse.click(3, 3);
  await expect(question).toBeVisible();
  await keep.click();
  await expect(question).toHaveCount(0);
  await expect(keys.shownSecret()).toHaveText(secret);

  // And so does the close button.
  await keys.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(question).toBeVisible();
  await keys.dialog.getByRole('button', { name: 'Close anyway' }).click();

  // The key exists, the secret is nowhere.
  await expect(keys.row(clientId)).toBeVisible();
  await expectSecretNowhere(page, keys, secret);
  await page.reload();
  await keys.loaded();
  await expect(keys.row(clientId)).toBeVisible();
  await expectSecretNowhere(page, keys, secret);
  await keys.expectMatchesServer();
});
