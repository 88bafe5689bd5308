import { test, expect } from '../fixtures';
import { expectFocusTrapped, tabTo } from '../keyboard';
import { KeysPage, readClipboard } from '../pages';

test.describe('journey 8: keyboard only', () => {
  test('sign in, create, copy, guard the secret, delete (cancel, confirm), filter and sign out with Tab, Enter, Space and Escape', async ({
    page,
    accounts,
  }) => {
    await accounts.reset('alice');
    const keys = new KeysPage(page);

    // Sign in: the username field has focus.
    await page.goto('/sign-in');
    await expect(page.getByLabel('Username')).toBeFocused();
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(accounts.password);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/application-keys$/);
    await keys.loaded();

    // New secret with Enter; focus moves into the dialog, onto the description.
    await tabTo(page, keys.newSecret);
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('New secret');
    await expect(keys.descriptionInput()).toBeFocused();
    await expectFocusTrapped(page, keys.dialog);
    await tabTo(page, keys.descriptionInput());
    await page.keyboard.type('Keyboard key');
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    const clientId = (await keys.shownClientId().textContent())!;
    const secret = (await keys.shownSecret().textContent())!;
    // The form that had focus is gone: focus stays inside the dialog (on its body).
    await expect.poll(() => keys.dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await expectFocusTrapped(page, keys.dialog);

    // Copy with Space and Enter.
    await tabTo(page, keys.dialog.getByRole('button', { name: 'Copy Secret' }));
    await page.keyboard.press('Space');
    await expect(keys.dialog.getByRole('button', { name: 'Copy Secret' })).toContainText('Copied');
    expect(await readClipboard(page)).toBe(secret);
    await tabTo(page, keys.dialog.getByRole('button', { name: 'Copy Client ID' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(keys.dialog.getByRole('button', { name: 'Copy Client ID' })).toContainText('Copied');
    expect(await readClipboard(page)).toBe(clientId);

    // Escape asks; Space on "Keep it open" keeps it.
    await page.keyboard.press('Escape');
    await expect(keys.dialog.getByRole('button', { name: 'Keep it open' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(keys.dialog.getByText("You won't see this secret again.")).toHaveCount(0);
    await expect(keys.shownSecret()).toHaveText(secret);

    // "OK, I have copied it" with Enter; focus returns to New secret.
    await tabTo(page, keys.dialog.getByRole('button', { name: 'OK, I have copied it' }));
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveCount(0);
    await expect(keys.newSecret).toBeFocused();
    await expect(keys.row(clientId)).toBeVisible();

    // A second key, thrown away with Escape → "Close anyway" (Enter).
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('New secret');
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    const second = (await keys.shownClientId().textContent())!;
    await page.keyboard.press('Escape');
    await tabTo(page, keys.dialog.getByRole('button', { name: 'Close anyway' }));
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveCount(0);
    await expect(keys.newSecret).toBeFocused();
    await expect(keys.clientIds).toHaveText([second, clientId]);

    // Delete: Escape cancels and focus returns to the row's delete button.
    const deleteFirst = keys.deleteButton('Keyboard key');
    await tabTo(page, deleteFirst);
    await page.keyboard.press('Enter');
    await expect(keys.confirm).toHaveAccessibleName('Delete this key?');
    await expect(keys.confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectFocusTrapped(page, keys.confirm, 4);
    await page.keyboard.press('Escape');
    await expect(keys.confirm).toHaveCount(0);
    await expect(deleteFirst).toBeFocused();
    await expect(keys.row(clientId)).toBeVisible();

    // Enter on Cancel cancels too; then Confirm with Space deletes.
    await page.keyboard.press('Enter');
    await expect(keys.confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(keys.confirm).toHaveCount(0);
    await expect(deleteFirst).toBeFocused();
    await page.keyboard.press('Enter');
    await tabTo(page, keys.confirm.getByRole('button', { name: 'Confirm' }));
    await page.keyboard.press('Space');
    await expect(keys.confirm).toHaveCount(0);
    await expect(keys.row(clientId)).toHaveCount(0);
    await expect(keys.newSecret).toBeFocused();
    await keys.expectMatchesServer();

    // The filter, then Sign out.
    await tabTo(page, keys.filter);
    await page.keyboard.type(second.slice(0, 6));
    await expect(keys.clientIds).toHaveText([second]);
    await tabTo(page, page.getByRole('button', { name: 'Sign out' }), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('"Create your first key" in the empty state: focus lands on New secret after the dialog closes', async ({
    alice: keys,
    page,
  }) => {
    // The button that opened the dialog is gone once the list replaces the empty state, so focus
    // must go somewhere sensible rather than to <body>.
    const first = page.getByRole('button', { name: 'Create your first key' });
    await tabTo(page, first);
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('New secret');
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    await tabTo(page, keys.dialog.getByRole('button', { name: 'OK, I have copied it' }));
    await page.keyboard.press('Enter');
    await expect(keys.dialog).toHaveCount(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    await expect(keys.newSecret).toBeFocused();
  });
});
