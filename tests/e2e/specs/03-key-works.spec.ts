import { test, expect } from '../fixtures';
import { readClipboard } from '../pages';

test('journey 3: the generated key gets an access token; after the delete neither the key nor its token works', async ({
  alice: keys,
  page,
  accounts,
}) => {
  await keys.generate('Deploy bot');
  await keys.dialog.getByRole('button', { name: 'Copy Client ID' }).click();
  await expect(keys.dialog.getByRole('button', { name: 'Copy Client ID' })).toContainText('Copied');
  const clientId = await readClipboard(page);
  await keys.dialog.getByRole('button', { name: 'Copy Secret' }).click();
  await expect(keys.dialog.getByRole('button', { name: 'Copy Secret' })).toContainText('Copied');
  const secret = await readClipboard(page);
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.row(clientId)).toBeVisible();

  // A program exchanges the key for an access token and calls the API with it.
  const program = await accounts.anonymous();
  const issued = await program.token(clientId, secret);
  expect(issued.status(), await issued.text()).toBe(200);
  const { access_token: accessToken, token_type: tokenType } = await issued.json();
  expect(tokenType).toBe('Bearer');
  const who = await program.whoami(accessToken);
  expect(who.status()).toBe(200);
  expect((await who.json()).data).toMatchObject({ username: 'alice', client_id: clientId });

  // The page shows that the key has been used.
  await page.reload();
  await keys.loaded();
  await expect(keys.row(clientId).locator('td[data-label="Last used"]')).not.toHaveText('Never');
  await expect(keys.row(clientId).locator('td[data-label="Last used"] time')).toBeVisible();

  // Delete, but cancel first: nothing changes.
  await keys.deleteButton('Deploy bot').click();
  await expect(keys.confirm).toHaveAccessibleName('Delete this key?');
  await expect(keys.confirm).toContainText('“Deploy bot”');
  await expect(keys.confirm).toContainText(clientId);
  await expect(keys.confirm).toContainText('After deletion, the key can no longer be used to access the API');
  await keys.confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(keys.confirm).toHaveCount(0);
  await expect(keys.row(clientId)).toBeVisible();
  await keys.expectMatchesServer();
  expect((await program.whoami(accessToken)).status()).toBe(200);

  // Confirm: the row goes, and the key and its token stop working.
  await keys.deleteButton('Deploy bot').click();
  await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(keys.confirm).toHaveCount(0);
  await expect(keys.row(clientId)).toHaveCount(0);
  await expect(keys.emptyState).toBeVisible();
  await keys.expectMatchesServer();

  const refused = await program.token(clientId, secret);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe('invalid_client');
  const revoked = await program.whoami(accessToken);
  expect(revoked.status()).toBe(401);
});
