import { test, expect } from '../fixtures';
import { expectNoViolations } from '../axe';
import { KeysPage, signInThroughPage } from '../pages';

for (const scheme of ['light', 'dark'] as const) {
  test(`journey 9: no axe violations on sign-in, empty state, both dialogs and the list (${scheme})`, async ({
    page,
    accounts,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await accounts.reset('alice');

    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expectNoViolations(page, `the sign-in page (${scheme})`);
    // With the error message shown.
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('The username or password is not right.');
    await expectNoViolations(page, `the sign-in page with an error (${scheme})`);

    const keys: KeysPage = await signInThroughPage(page, 'alice', accounts.password);
    await expect(keys.emptyState).toBeVisible();
    await expectNoViolations(page, `the empty state (${scheme})`);

    await keys.newSecret.click();
    await expect(keys.dialog).toHaveAccessibleName('New secret');
    await expectNoViolations(page, `the New secret dialog (${scheme})`);
    await keys.descriptionInput().fill('x'.repeat(257));
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(keys.dialog.getByRole('alert')).not.toBeEmpty();
    await expectNoViolations(page, `the New secret dialog with an error (${scheme})`);
    await keys.descriptionInput().fill('Accessibility check');
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    await expectNoViolations(page, `the dialog showing the secret (${scheme})`);
    await page.keyboard.press('Escape');
    await expect(keys.dialog.getByRole('button', { name: 'Close anyway' })).toBeVisible();
    await expectNoViolations(page, `the close-anyway question (${scheme})`);
    await keys.dialog.getByRole('button', { name: 'Close anyway' }).click();
    await expect(keys.dialog).toHaveCount(0);

    await keys.create();
    await expect(keys.rows).toHaveCount(2);
    await expectNoViolations(page, `the list (${scheme})`);

    await keys.deleteButton('Accessibility check').click();
    await expect(keys.confirm).toBeVisible();
    await expectNoViolations(page, `the delete confirmation (${scheme})`);
    await keys.confirm.getByRole('button', { name: 'Cancel' }).click();

    await keys.filter.fill('nothing matches this');
    await expect(page.getByText('No key matches')).toBeVisible();
    await expectNoViolations(page, `the list with no match (${scheme})`);
  });
}
