import { test, expect } from '../fixtures';
import { Api, DAY } from '../api';

/**
 * Issue 11 on a server whose keys must expire within 90 days (`--max-expiry-days 90`), with its
 * test-only clock (`--test-clock`, moved forward through `POST /test/clock`) and Playwright's clock
 * in the page, so the contract's one-hour minimum stays as it is. A worker of its own.
 */
test.use({ serverArgs: ['--test-clock', '--max-expiry-days', '90'] });

test('journey 15 (expiry): a key that expires is refused by /token from then on and marked Expired', async ({ alice: keys, page, accounts }) => {
  const { clientId, secret } = await keys.generate('expires soon');
  await expect(keys.dialog).toContainText('This key expires on');
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  const row = keys.row(clientId);
  await expect(row.locator('td[data-label="Expires"]')).not.toHaveText('Never');

  const program = await accounts.anonymous();
  const issued = await program.token(clientId, secret);
  expect(issued.status()).toBe(200);
  const { access_token: accessToken } = await issued.json();
  expect((await program.whoami(accessToken)).status()).toBe(200);

  // 89 days later (the default choice is 90 days): still working, and a token no longer than the
  // key has left.
  const api = new Api(page.request);
  await api.advanceServerClock(89 * DAY + 23 * 3600 + 50 * 60);
  const late = await program.token(clientId, secret);
  expect(late.status()).toBe(200);
  expect((await late.json()).expires_in).toBeLessThanOrEqual(10 * 60);

  await api.advanceServerClock(DAY);
  const refused = await program.token(clientId, secret);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe('invalid_client');
  expect((await program.whoami(accessToken)).status(), 'tokens issued before die with the key').toBe(401);

  // The person, 91 days on: the key is still listed, marked Expired.
  await page.clock.setFixedTime(new Date(Date.now() + 91 * DAY * 1000));
  await api.signIn('alice', accounts.password);
  await page.reload();
  await keys.loaded();
  await expect(row.locator('td[data-label="Expires"]')).toHaveText('Expired');
  await expect(row.locator('.ak-badge--danger')).toBeVisible();
});

test('journey 15 (longest lifetime): choices longer than the longest lifetime are hidden and the server refuses them', async ({ alice: keys, page }) => {
  await keys.newSecret.click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await expect(keys.expiresChoices()).toHaveText(['30 days', '90 days', 'Custom date']);
  await expect(keys.dialog.getByRole('combobox', { name: 'Expires' })).toHaveValue('90');
  await page.keyboard.press('Escape');

  const api = new Api(page.request);
  const tooLong = await api.createResponse('too long', new Date(Date.now() + 400 * DAY * 1000).toISOString());
  expect(tooLong.status()).toBe(400);
  expect((await tooLong.json()).message).toMatch(/90 days/);
  const never = await api.createResponse('never');
  expect(never.status()).toBe(400);
  expect((await never.json()).message).toMatch(/90 days/);
  expect(await api.keys()).toEqual([]);
});
