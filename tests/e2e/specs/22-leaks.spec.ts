import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { API, Api } from '../api';
import { expectNoViolations } from '../axe';
import { notLocalised, showPseudoLocale } from '../pseudo';

/**
 * Issue 33: a secret scanner reports a key's secret as found in public (GitHub's partner format,
 * signed with the test's own P-256 key, which this worker's server trusts through
 * --scanning-keys). The secret stops working at once; the list flags the key and says what to
 * do; the key's page says where and when, and offers Rotate, with no grace period; rotating
 * brings the key back.
 */

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keysFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'appkeys-scanning-')), 'keys.json');
writeFileSync(
  keysFile,
  JSON.stringify({
    public_keys: [{ key_identifier: 'e2e-scanner', key: publicKey.export({ type: 'spki', format: 'pem' }), is_current: true }],
  }),
);
test.use({ serverArgs: ['--scanning-keys', keysFile] });

const FOUND_AT = 'https://github.com/octo/demo/blob/main/.env';

/** The scanner's report of `secret`, signed as GitHub signs it; its feedback. */
async function report(page: Page, secret: string): Promise<{ label: string }[]> {
  const body = JSON.stringify([{ token: secret, type: 'appkeys_secret', url: FOUND_AT, source: 'content' }]);
  const signature = sign('sha256', Buffer.from(body), privateKey).toString('base64');
  const response = await page.request.post(`${API}/secret-scanning/reports`, {
    headers: {
      'Content-Type': 'application/json',
      'Github-Public-Key-Identifier': 'e2e-scanner',
      'Github-Public-Key-Signature': signature,
    },
    data: body,
  });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

test('journey 22: a secret found in public is switched off, flagged, and rotating brings the key back', async ({ alice: keys, page, accounts }) => {
  const { clientId, secret } = await keys.create('leaky');
  await keys.create('untouched');
  const program = await accounts.anonymous();
  expect((await program.token(clientId, secret)).status()).toBe(200);

  expect((await report(page, secret)).map((f) => f.label)).toEqual(['true_positive']);
  expect((await program.token(clientId, secret)).status()).toBe(401);

  await page.reload();
  await keys.loaded();
  await expect(keys.row(clientId).getByText('Secret exposed')).toBeVisible();
  await expect(keys.rows.getByText('Secret exposed')).toHaveCount(1);
  await expect(page.getByText('The secret of 1 key was found in public and switched off.')).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `the list with an exposed key (${scheme})`);
  }

  await keys.row(clientId).getByRole('link', { name: 'leaky' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'was found in public at' });
  await expect(banner).toContainText(FOUND_AT);
  await expect(banner.getByRole('link', { name: FOUND_AT })).toHaveAttribute('href', FOUND_AT);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `an exposed key's page (${scheme})`);
  }

  // Rotate is the primary action, and a secret found in public gets no grace period.
  const rotate = page.getByRole('button', { name: 'Rotate secret of key leaky' });
  await expect(rotate).toHaveClass(/ak-btn--primary/);
  await rotate.click();
  await expect(keys.dialog.getByRole('radio')).toHaveCount(1);
  await expect(keys.dialog.getByRole('radio', { name: 'Immediately' })).toBeChecked();
  await keys.dialog.getByRole('button', { name: 'Rotate secret' }).click();
  await expect(keys.dialog).toHaveAccessibleName('New secret for leaky');
  const renewed = (await keys.shownSecret().textContent())!.trim();
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  expect((await program.token(clientId, renewed)).status()).toBe(200);

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Application keys' }).click();
  await keys.loaded();
  await expect(keys.rows.getByText('Secret exposed')).toHaveCount(0);
  await expect(page.getByText('was found in public')).toHaveCount(0);
});

test.describe('in the pseudo-locale', () => {
  test.use({ locale: 'en-XA' });

  test('the badge, the notice and the banner are catalogue text', async ({ page, accounts }) => {
    const api = await accounts.api('alice');
    await accounts.reset('alice');
    await new Api(page.request).signIn('alice', accounts.password);
    // A description without ASCII letters, so that only the page's own words could carry one.
    const key = await api.create('泄露 ５');
    await report(page, key.secret);
    await showPseudoLocale(page);
    await page.goto('/application-keys');
    await expect(page.locator('.ak-exposed')).toBeVisible();
    await expect(page.locator('.ak-exposed-notice')).toBeVisible();
    expect(await notLocalised(page, ['alice'])).toEqual([]);
    await page.locator('.ak-key-link').first().click();
    await expect(page.locator('.ak-exposed-banner')).toBeVisible();
    // Its activity too: "Secret found in public" among its events.
    await expect(page.locator('table.ak-events tbody tr[data-event-type="key.secret_exposed"]')).toBeVisible();
    expect(await notLocalised(page, ['alice'])).toEqual([]);
  });
});
