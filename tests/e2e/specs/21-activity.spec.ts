import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { API } from '../api';
import { expectNoViolations } from '../axe';
import type { KeysPage } from '../pages';

/**
 * Issue 30: each key has a page of its own at /application-keys/{client_id} (fields, where and
 * with what it was last used, a 30-day usage chart with its table, its activity), and the
 * account has an activity log with a filter by type and a CSV export. Both views are real URLs:
 * deep links, Back and reload work.
 */

const AGENT = 'deploy-bot/1.2 (+https://ci.example.com)';

/** A token exchange as a program makes it, with its own User-Agent. */
async function exchange(page: Page, clientId: string, secret: string): Promise<number> {
  const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
  const response = await page.request.post(`${API}/token?grant_type=client_credentials`, {
    headers: { Authorization: `Basic ${basic}`, 'User-Agent': AGENT },
  });
  return response.status();
}

/** The detail view's field `name` (a <dt>) and its value. */
function field(page: Page, name: string): Locator {
  return page.locator('.ak-facts > div').filter({ has: page.getByText(name, { exact: true }) }).locator('dd');
}

function events(page: Page): Locator {
  return page.locator('table.ak-events tbody tr');
}

/** "OK, I have copied it" after a create or a rotation. */
async function closeSecret(keys: KeysPage): Promise<void> {
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);
}

/** A CSV file (RFC 4180) as records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  return records;
}

test('journey 21: a key\'s page shows what happened to it, from where, after a reload and by its URL', async ({ alice: keys, page }) => {
  const { clientId, secret } = await keys.create('Deploy bot');
  await keys.renameButton('Deploy bot').click();
  await keys.descriptionInput().fill('nightly export');
  await keys.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(keys.dialog).toHaveCount(0);
  expect(await exchange(page, clientId, secret)).toBe(200);
  expect(await exchange(page, clientId, 'not-the-secret')).toBe(401);
  await keys.rotate('nightly export', 'In 1 hour');
  await closeSecret(keys);

  // The description is the way to the key's page.
  await keys.row(clientId).getByRole('link', { name: 'nightly export' }).click();
  await expect(page).toHaveURL(`/application-keys/${clientId}`);
  const heading = page.getByRole('heading', { name: 'nightly export', level: 1 });
  await expect(heading).toBeFocused();

  for (const how of ['shown', 'reloaded', 'opened by its URL']) {
    if (how === 'reloaded') await page.reload();
    if (how === 'opened by its URL') {
      await page.goto('/application-keys');
      await keys.loaded();
      await page.goto(`/application-keys/${clientId}`);
    }
    await expect(heading, how).toBeVisible();
    await expect(field(page, 'Client ID'), how).toContainText(clientId);
    await expect(field(page, 'Last used from'), how).toHaveText('127.0.0.1');
    await expect(field(page, 'Client software'), how).toHaveText(AGENT);
    await expect(events(page).locator('td[data-label="Event"]'), how).toHaveText([
      'Secret rotated',
      'Wrong secret refused',
      'Renamed',
      'Key created',
    ]);
    await expect(events(page).nth(1), how).toContainText('1 attempt');
    await expect(events(page).nth(1), how).toContainText(AGENT);
    await expect(events(page).nth(2), how).toContainText('From “Deploy bot” to “nightly export”');
    await expect(events(page).nth(2).locator('td[data-label="By"]'), how).toHaveText('alice');
    await expect(events(page).first(), how).toContainText('The previous secret works until');
  }

  // The chart's numbers, as a table: today issued one token and refused one wrong secret.
  await expect(page.getByText('2 requests in 30 days')).toBeVisible();
  await page.getByText('Show as a table').click();
  const usage = page.getByRole('table', { name: 'Token requests, last 30 days' });
  await expect(usage.locator('tbody tr')).toHaveCount(30);
  await expect(usage.locator('tbody tr').last().locator('td')).toHaveText(['1', '1', '0', '0', '0']);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `a key's page (${scheme})`);
  }

  // Back goes to the list, as it came.
  await page.goBack();
  await expect(page).toHaveURL('/application-keys');
  await expect(keys.row(clientId)).toBeVisible();
});

test('a key deleted on its page leaves for the list; its URL then says it is gone, with the way back', async ({ alice: keys, page }) => {
  const { clientId } = await keys.create('short-lived');
  await keys.row(clientId).getByRole('link', { name: 'short-lived' }).click();
  await page.getByRole('button', { name: 'Delete key short-lived' }).click();
  await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL('/application-keys');
  await keys.loaded();
  await expect(keys.row(clientId)).toHaveCount(0);
  await expect(keys.heading).toBeFocused();

  await page.goto(`/application-keys/${clientId}`);
  await expect(page.getByRole('heading', { name: 'This key was deleted or never existed', level: 1 })).toBeVisible();
  await expectNoViolations(page, 'a key that is gone');
  await page.getByRole('link', { name: 'Go to Application keys' }).click();
  await expect(page).toHaveURL('/application-keys');
  await keys.loaded();
});

test('the account\'s activity filters by type and exports what it shows as CSV', async ({ alice: keys, page }) => {
  const { clientId } = await keys.create('exported, "quoted"');
  await keys.renameButton('exported, "quoted"').click();
  await keys.descriptionInput().fill('=SUM(A1)');
  await keys.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(keys.dialog).toHaveCount(0);

  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page).toHaveURL('/application-keys/activity');
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeFocused();
  const ours = events(page).filter({ has: page.getByRole('link', { name: clientId }) });
  await expect(ours.locator('td[data-label="Event"]')).toHaveText(['Renamed', 'Key created']);

  await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Renamed' });
  // Our key's creation leaving the list proves the filter applied (the newest event is a rename either way).
  await expect(ours.locator('td[data-label="Event"]')).toHaveText(['Renamed']);
  const shown = await events(page).count();
  await expect(events(page).locator('td[data-label="Event"]')).toHaveText(Array(shown).fill('Renamed'));

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `the activity (${scheme})`);
  }

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^appkeys-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const records = parseCsv(await readFile((await file.path())!, 'utf8'));
  expect(records[0]).toEqual(['at', 'type', 'client_id', 'actor', 'ip', 'user_agent', 'details']);
  expect(records.length - 1).toBe(shown);
  const [at, type, client, actor, ip, , details] = records[1];
  expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  expect([type, client, actor, ip]).toEqual(['key.renamed', clientId, 'user:alice', '127.0.0.1']);
  // Quotes and commas read back as they were written.
  expect(details).toBe('From “exported, "quoted"” to “=SUM(A1)”');
  await expect(page.getByRole('status').filter({ hasText: 'saved as' })).toContainText(file.suggestedFilename());

  // Back to the list by the breadcrumb.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Application keys' }).click();
  await keys.loaded();
});

test('"Load older" brings the next page of a key\'s activity below the first', async ({ alice: keys, page }) => {
  const { clientId } = await keys.create('busy');
  const renames = 55;
  for (let i = 1; i <= renames; i++) {
    const response = await page.request.patch(`${API}/application-keys/${clientId}`, {
      headers: { 'X-Requested-With': 'appkeys-e2e' },
      data: { description: `busy ${i}` },
    });
    expect(response.status()).toBe(200);
  }
  await page.goto(`/application-keys/${clientId}`);
  await expect(page.getByRole('heading', { name: `busy ${renames}`, level: 1 })).toBeVisible();
  await expect(events(page)).toHaveCount(50);
  const older = page.getByRole('button', { name: 'Load older' });
  await older.click();
  await expect(events(page)).toHaveCount(renames + 1);
  await expect(events(page).last()).toContainText('Key created');
  await expect(older).toHaveCount(0);
});
