import { test, expect } from '../fixtures';
import { Api } from '../api';
import { expectNoViolations } from '../axe';
import { notLocalised, showPseudoLocale } from '../pseudo';

/**
 * Issue 32: a key limited to networks. New secret's list editor checks each entry as it is typed
 * with the server's own rules; a key limited to a network the test's program is not in is refused
 * at /token; "Add my address" on the key's page lets it in at once; the list marks the key and
 * its filter finds it by network.
 */

test('journey 23: a key limited to networks is refused elsewhere, and "Add my address" lets it in', async ({ alice: keys, page, accounts }) => {
  const program = await accounts.anonymous();
  await keys.goto();
  await keys.newSecret.click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  const editor = keys.dialog.getByRole('group', { name: 'Allowed networks' });
  await expect(editor.getByText('From anywhere')).toBeVisible();

  await editor.getByRole('button', { name: 'Add network' }).click();
  const first = editor.getByRole('textbox', { name: 'Network 1' });
  await expect(first).toBeFocused();
  await first.fill('203.0.113.7/24');
  await expect(first).toHaveAttribute('aria-invalid', 'true');
  await expect(first).toHaveAccessibleDescription(/This range has host bits set\. Did you mean 203\.0\.113\.0\/24\?/);
  await keys.descriptionInput().fill('office only');
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog.getByRole('alert')).toHaveText('One of the allowed networks is not right: correct it or remove it.');
  await expect(keys.descriptionInput()).toHaveValue('office only');
  await first.fill('203.0.113.0/24');
  await expect(first).toHaveAttribute('aria-invalid', 'false');
  await expect(editor.getByText('The key stops working from every other address at once')).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `New secret with allowed networks (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog).toHaveAccessibleName('Your new key');
  const clientId = (await keys.shownClientId().textContent())!.trim();
  const secret = (await keys.shownSecret().textContent())!.trim();
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);

  // The program runs here, outside 203.0.113.0/24: the key refuses it, as it would a wrong secret.
  const refused = await program.token(clientId, secret);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe('invalid_client');

  // The list marks the key, and its filter finds it by network.
  await keys.create('anywhere');
  const lock = keys.row(clientId).getByRole('img', { name: 'Only from 1 network: 203.0.113.0/24' });
  await expect(lock).toBeVisible();
  await expect(keys.rows.getByRole('img', { name: /^Only from/ })).toHaveCount(1);
  await keys.filter.fill('203.0.113');
  await expect(keys.rows).toHaveCount(1);
  await expect(keys.row(clientId)).toBeVisible();
  await keys.filter.fill('');

  // On the key's page: add the address the server sees this browser at, and save.
  await keys.row(clientId).getByRole('link', { name: 'office only' }).click();
  const section = page.getByRole('region', { name: 'Allowed networks' });
  await expect(section.getByText('203.0.113.0/24')).toBeVisible();
  await section.getByRole('button', { name: 'Edit allowed networks' }).click();
  await section.getByRole('button', { name: 'Add my address (127.0.0.1)' }).click();
  await expect(section.getByRole('textbox', { name: 'Network 2' })).toHaveValue('127.0.0.1');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `a key's networks being edited (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await section.getByRole('button', { name: 'Save' }).click();
  const edit = section.getByRole('button', { name: 'Edit allowed networks' });
  await expect(edit).toBeFocused();
  await expect(section.getByRole('listitem')).toHaveText(['203.0.113.0/24', '127.0.0.1/32']);
  expect((await program.token(clientId, secret)).status()).toBe(200);

  // The change is in the key's activity.
  await expect(page.locator('table.ak-events tbody tr[data-event-type="key.networks_changed"]').or(
    page.getByRole('button', { name: 'Load older' })).first()).toBeVisible();
  const stored = (await new Api(page.request).keys()).find((k) => k.client_id === clientId)!;
  expect(stored.allowed_networks).toEqual(['203.0.113.0/24', '127.0.0.1/32']);

  // Removing it again shuts the program out at once; a failed save would keep the list typed.
  await edit.click();
  await section.getByRole('button', { name: 'Remove network 2' }).click();
  await expect(section.getByRole('button', { name: 'Add network' })).toBeFocused();
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('listitem')).toHaveText(['203.0.113.0/24']);
  expect((await program.token(clientId, secret)).status()).toBe(401);
});

test.describe('in the pseudo-locale', () => {
  test.use({ locale: 'en-XA' });

  test('the editor, the lock and the key page section are catalogue text', async ({ page, accounts }) => {
    const api = await accounts.api('alice');
    await accounts.reset('alice');
    await new Api(page.request).signIn('alice', accounts.password);
    await api.create('网络 ５', undefined, ['192.0.2.0/24']);
    await showPseudoLocale(page);
    await page.goto('/application-keys');
    await expect(page.locator('.ak-restricted')).toBeVisible();
    expect(await notLocalised(page, ['alice'])).toEqual([]);
    await page.locator('.ak-key-link').first().click();
    await page.locator('.ak-edit-networks').click();
    await page.locator('.ak-networks__add button').first().click();
    await page.locator('.ak-network input').last().fill('not a network');
    await expect(page.locator('.ak-network__problem').last()).not.toBeEmpty();
    await expect(page.locator('.ak-add-mine')).toBeVisible();
    expect(await notLocalised(page, ['alice'])).toEqual([]);
  });
});
