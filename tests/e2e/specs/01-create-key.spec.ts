import { test, expect } from '../fixtures';
import { readClipboard, signInThroughPage } from '../pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('journey 1: alice signs in, sees how to start, creates a key and copies its Client ID and Secret', async ({
  page,
  accounts,
}) => {
  await accounts.reset('alice');
  const keys = await signInThroughPage(page, 'alice', accounts.password);

  // The empty list says how to start.
  await expect(keys.emptyState).toBeVisible();
  await expect(page.getByText('Create a key for each program that calls the API.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create your first key' })).toBeVisible();
  await expect(keys.rows).toHaveCount(0);

  // New secret: the description is optional and a description is recommended.
  await keys.newSecret.click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await expect(keys.dialog).toHaveAttribute('aria-modal', 'true');
  await expect(keys.dialog.getByText('Recommended: say which program or person uses this key')).toBeVisible();
  await expect(keys.descriptionInput()).toBeFocused();
  await keys.descriptionInput().fill('Nightly billing export');
  await expect(keys.dialog.getByText('22 / 256')).toBeVisible();
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();

  // The dialog shows a UUID Client ID and a 40-character Secret, and warns that this is the only time.
  await expect(keys.dialog).toHaveAccessibleName('Your new key');
  await expect(keys.dialog.getByText('This is the only time the Secret is shown.')).toBeVisible();
  const clientId = (await keys.shownClientId().textContent())!;
  const secret = (await keys.shownSecret().textContent())!;
  expect(clientId).toMatch(UUID);
  expect(secret).toHaveLength(40);
  expect(secret).toMatch(/^\S{40}$/);

  // Copy each and read the clipboard back.
  await keys.dialog.getByRole('button', { name: 'Copy Client ID' }).click();
  await expect(keys.dialog.getByRole('button', { name: 'Copy Client ID' })).toContainText('Copied');
  expect(await readClipboard(page)).toBe(clientId);
  await keys.dialog.getByRole('button', { name: 'Copy Secret' }).click();
  await expect(keys.dialog.getByRole('button', { name: 'Copy Secret' })).toContainText('Copied');
  expect(await readClipboard(page)).toBe(secret);

  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);

  // The new key is the first row: description, Client ID, Created at within a minute of now.
  await expect(keys.rows).toHaveCount(1);
  const first = keys.rows.first();
  await expect(first.locator('td[data-label="Description"]')).toHaveText('Nightly billing export');
  await expect(first.locator('td[data-label="Client ID"] code')).toHaveText(clientId);
  await expect(first.locator('td[data-label="Expires"]')).toHaveText('Never');
  await expect(first.locator('td[data-label="Last used"]')).toHaveText('Never');
  const created = first.locator('td[data-label="Created at"] time');
  const at = Date.parse((await created.getAttribute('datetime'))!);
  expect(Math.abs(Date.now() - at)).toBeLessThan(60_000);
  // Shown in the person's locale and time zone, with the exact UTC time to the second on hover
  // (the server keeps microseconds, for the order; a person reads seconds).
  const local = await page.evaluate(
    (ms) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms)),
    at,
  );
  await expect(created).toHaveText(local);
  await expect(created).toHaveAttribute('title', new Date(at).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC'));
  await expect(page.getByText('1 of 100 keys', { exact: true })).toBeVisible();

  // And the server agrees.
  const onServer = await keys.expectMatchesServer();
  expect(onServer).toHaveLength(1);
  expect(onServer[0]).toMatchObject({ client_id: clientId, description: 'Nightly billing export' });
});
