import { readFile } from 'node:fs/promises';
import { test, expect } from '../fixtures';
import { Api } from '../api';
import { expectNoViolations } from '../axe';
import type { KeysPage } from '../pages';

/**
 * Issue 12: rotate a secret with a grace period, download the credentials, delete many keys at
 * once, against the reference server, which lists "rotate" and "bulk_delete" in its policy. The
 * grace period is watched with the server's test-only clock (`--test-clock`): a worker of its own.
 */
test.use({ serverArgs: ['--test-clock'] });

/** The key's secret gets an access token, and the token is accepted, as a program would see. */
async function works(program: Api, clientId: string, secret: string): Promise<string> {
  const issued = await program.token(clientId, secret);
  expect(issued.status(), 'the secret gets a token').toBe(200);
  const { access_token: token } = await issued.json();
  expect((await program.whoami(token)).status(), 'the token is accepted').toBe(200);
  return token;
}

async function closeSecret(keys: KeysPage): Promise<void> {
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);
}

test('journey 17 (rotate, 1 hour): both secrets and the old token work for the hour, then only the new one', async ({ alice: keys, page, accounts }) => {
  const { clientId, secret: oldSecret } = await keys.create('billing sync');
  const program = await accounts.anonymous();
  const oldToken = await works(program, clientId, oldSecret);

  const newSecret = await keys.rotate('billing sync', 'In 1 hour');
  expect(newSecret).not.toBe(oldSecret);
  await expect(keys.shownClientId()).toHaveText(clientId);
  await expect(keys.dialog).toContainText('The previous secret keeps working until');
  await closeSecret(keys);
  await expect(keys.rotateButton('billing sync')).toBeFocused();
  await expect(keys.row(clientId).locator('.ak-cell-note')).toContainText('Rotated');

  await works(program, clientId, newSecret);
  await works(program, clientId, oldSecret);
  expect((await program.whoami(oldToken)).status(), 'the old token lives on in the grace period').toBe(200);

  await new Api(page.request).advanceServerClock(3601);
  expect((await program.token(clientId, oldSecret)).status(), 'the old secret after the hour').toBe(401);
  expect((await program.whoami(oldToken)).status(), 'the old token after the hour').toBe(401);
  await works(program, clientId, newSecret);
  const [key] = await new Api(page.request).keys();
  expect(key.rotated_at).not.toBeNull();
});

test('journey 17 (rotate, immediately): the old secret and its token are refused at once, the new one works', async ({ alice: keys, accounts }) => {
  const { clientId, secret: oldSecret } = await keys.create('leaked');
  const program = await accounts.anonymous();
  const oldToken = await works(program, clientId, oldSecret);

  const newSecret = await keys.rotate('leaked', 'Immediately');
  await expect(keys.dialog).toContainText('The previous secret no longer works');
  expect((await program.token(clientId, oldSecret)).status()).toBe(401);
  expect((await program.whoami(oldToken)).status()).toBe(401);
  await works(program, clientId, newSecret);

  // The shown secret is not dropped without asking.
  await keys.page.keyboard.press('Escape');
  await expect(keys.dialog.getByRole('alert')).toContainText('Close anyway?');
  await keys.dialog.getByRole('button', { name: 'Close anyway' }).click();
  await expect(keys.dialog).toHaveCount(0);
});

test('journey 17 (download): the credentials file holds what the dialog shows, after create and after rotate', async ({ alice: keys, page, baseURL, accounts }) => {
  const { clientId, secret } = await keys.generate('CI deploy (prod)');
  const download = page.waitForEvent('download');
  await keys.dialog.getByRole('button', { name: 'Download credentials' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('appkeys-ci-deploy-prod.json');
  const saved = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(saved).toEqual({
    client_id: clientId,
    client_secret: secret,
    token_url: `${baseURL}/api/1.0/token`,
    expires_at: null,
    // A key with full access: every scope the reference server has, as /token's `scope` takes them.
    scope: 'billing:read billing:write clusters:read clusters:write users:read users:write warehouses:read warehouses:write',
  });
  await closeSecret(keys);

  const rotated = await keys.rotate('CI deploy (prod)', 'Immediately');
  const again = page.waitForEvent('download');
  await keys.dialog.getByRole('button', { name: 'Download credentials' }).click();
  const rotatedFile = JSON.parse(await readFile((await (await again).path())!, 'utf8'));
  expect(rotatedFile.client_id).toBe(clientId);
  expect(rotatedFile.client_secret).toBe(rotated);
  // What the file says works, as a program reading it would use it.
  await works(await accounts.anonymous(), rotatedFile.client_id, rotatedFile.client_secret);
});

test('journey 17 (bulk delete): three keys of five ticked through the filter go in one request; the other two remain and work', async ({ alice: keys, page, accounts }) => {
  const api = new Api(page.request);
  const made = new Map<string, { client_id: string; secret: string }>();
  for (const name of ['ci build', 'ci deploy', 'billing export', 'nightly report', 'billing import']) {
    made.set(name, await api.create(name));
  }
  await page.reload();
  await keys.loaded();

  await keys.filter.fill('ci ');
  await expect(keys.rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select all 2 shown keys' }).check();
  await expect(page.getByText('2 selected')).toBeVisible();
  await keys.filter.fill('billing');
  await expect(keys.rows).toHaveCount(2);
  // From the keyboard: Tab to the box, Space ticks it.
  await keys.tickBox('billing export').focus();
  await page.keyboard.press('Space');
  await expect(keys.tickBox('billing export')).toBeChecked();
  await keys.filter.fill('');
  await expect(keys.rows).toHaveCount(5);
  await expect(keys.tickBox('ci build')).toBeChecked();

  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/application-keys')) requests.push(request.url());
  });
  await page.getByRole('button', { name: 'Delete 3 keys' }).click();
  await expect(keys.confirm).toHaveAccessibleName('Delete 3 keys?');
  for (const name of ['ci build', 'ci deploy', 'billing export']) await expect(keys.confirm).toContainText(name);
  await keys.confirm.getByRole('button', { name: 'Delete 3 keys' }).click();
  await expect(keys.confirm).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: '3 keys deleted.' })).toBeVisible();
  expect(requests).toEqual([expect.stringMatching(/\/application-keys\/delete$/)]);
  await expect(page.getByText(/^\d+ selected$/)).toHaveCount(0);

  await expect(keys.descriptions).toHaveText(['billing import', 'nightly report']);
  const left = await keys.expectMatchesServer();
  expect(left.map((k) => k.description)).toEqual(['billing import', 'nightly report']);
  const program = await accounts.anonymous();
  for (const name of ['billing import', 'nightly report']) {
    const key = made.get(name)!;
    await works(program, key.client_id, key.secret);
  }
  const gone = made.get('ci deploy')!;
  expect((await program.token(gone.client_id, gone.secret)).status()).toBe(401);
});

test.describe('rotation and bulk delete', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`journey 17 (accessibility): no axe violations in the rotate dialog, the new secret, ticked rows, the confirmation and the outcome (${scheme})`, async ({ alice: keys, page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const api = new Api(page.request);
      await api.create('first');
      await api.create('second');
      await page.reload();
      await keys.loaded();

      await keys.rotateButton('second').click();
      await expect(keys.dialog).toHaveAccessibleName('Rotate secret');
      await expectNoViolations(page, `the rotate dialog (${scheme})`);
      await keys.dialog.getByRole('button', { name: 'Rotate secret' }).click();
      await expect(keys.dialog).toHaveAccessibleName('New secret for second');
      await expectNoViolations(page, `the rotated secret (${scheme})`);
      await closeSecret(keys);

      await keys.tickBox('first').check();
      await expectNoViolations(page, `a ticked row (${scheme})`);
      await page.getByRole('button', { name: 'Delete 1 key' }).click();
      await expect(keys.confirm).toBeVisible();
      await expectNoViolations(page, `the bulk confirmation (${scheme})`);
      await keys.confirm.getByRole('button', { name: 'Delete 1 key' }).click();
      await expect(page.getByText('1 key deleted.')).toBeVisible();
      await expectNoViolations(page, `the outcome (${scheme})`);
    });
  }
});
