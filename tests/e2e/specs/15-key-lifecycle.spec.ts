import { test, expect } from '../fixtures';
import { Api, DAY } from '../api';
import { expectNoViolations } from '../axe';

/**
 * Issue 11: keys that can be renamed and can expire, against the reference server, which lists
 * "rename" and "expiry" in its policy. Expiry is watched with the server's test-only clock
 * (`--test-clock`, moved forward through `POST /test/clock`) and Playwright's clock in the page:
 * the contract's one-hour minimum stays as it is.
 */
test('journey 15 (rename): rename a description and clear it; both survive a reload', async ({ alice: keys, page }) => {
  const api = new Api(page.request);
  const key = await api.create('ci deploys');
  await page.reload();
  await keys.loaded();

  await keys.renameButton('ci deploys').click();
  await expect(keys.dialog).toHaveAccessibleName('Rename key');
  await expect(keys.descriptionInput()).toHaveValue('ci deploys');
  await keys.descriptionInput().fill('  release pipeline  ');
  await keys.descriptionInput().press('Enter');
  await expect(keys.dialog).toHaveCount(0);
  await expect(keys.row(key.client_id).locator('td[data-label="Description"]')).toHaveText('release pipeline');
  await expect(keys.renameButton('release pipeline')).toBeFocused();

  await page.reload();
  await keys.loaded();
  await expect(keys.descriptions).toHaveText(['release pipeline']);

  // Escape leaves it as it was.
  await keys.renameButton('release pipeline').click();
  await keys.descriptionInput().fill('something else');
  await page.keyboard.press('Escape');
  await expect(keys.dialog).toHaveCount(0);
  await expect(keys.descriptions).toHaveText(['release pipeline']);

  // An empty description clears it: the list shows "-".
  await keys.renameButton('release pipeline').click();
  await keys.descriptionInput().fill('');
  await keys.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(keys.descriptions).toHaveText(['-']);
  await page.reload();
  await keys.loaded();
  await expect(keys.descriptions).toHaveText(['-']);
  expect((await api.keys())[0].description).toBeNull();

  // The server's own rules reach the page as a message; the typed text stays.
  await keys.renameButton(key.client_id).click();
  await keys.descriptionInput().fill('tab\there');
  await keys.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(keys.dialog.getByRole('alert')).toContainText(/control characters/i);
  await expect(keys.descriptionInput()).toHaveValue('tab\there');
});

test.describe('the Expires badges and the rename dialog', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`journey 15 (accessibility): no axe violations with expiring and expired keys, the expiry choice and rename (${scheme})`, async ({ alice: keys, page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const api = new Api(page.request);
      const in90Days = new Date(Date.now() + 90 * DAY * 1000).toISOString();
      const in30Days = new Date(Date.now() + 30 * DAY * 1000).toISOString();
      await api.create('ends in 90 days', in90Days);
      await api.create('ends in 30 days', in30Days);
      await api.create('never ends');
      // The person looks 85 days on: one key ends within a week, one has ended.
      await page.clock.setFixedTime(new Date(Date.now() + 85 * DAY * 1000));
      await page.reload();
      await keys.loaded();
      await expect(keys.column('Expires')).toHaveText(['Never', 'Expired', 'Expires in 5 days']);
      await expectNoViolations(page, `the list with expiring keys (${scheme})`);

      await keys.renameButton('never ends').click();
      await keys.descriptionInput().fill('x'.repeat(257));
      await keys.dialog.getByRole('button', { name: 'Save' }).click();
      await expect(keys.dialog.getByRole('alert')).not.toBeEmpty();
      await expectNoViolations(page, `the rename dialog with an error (${scheme})`);
      await page.keyboard.press('Escape');

      await keys.newSecret.click();
      await keys.dialog.getByRole('combobox', { name: 'Expires' }).selectOption('custom');
      await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
      await expect(keys.dialog.getByRole('alert')).toHaveText('Choose the date the key expires.');
      await expectNoViolations(page, `New secret with a custom date (${scheme})`);
    });
  }
});

test('journey 15 (no longest lifetime): without a longest lifetime every choice is offered and No expiry is the default', async ({ alice: keys }) => {
  await keys.newSecret.click();
  await expect(keys.expiresChoices()).toHaveText(['No expiry', '30 days', '90 days', '1 year', 'Custom date']);
  await expect(keys.dialog.getByRole('combobox', { name: 'Expires' })).toHaveValue('never');
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog).toContainText('This key does not expire.');
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.column('Expires')).toHaveText(['Never']);
});
