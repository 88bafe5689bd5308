import { test, expect } from '../fixtures';
import { Api } from '../api';
import { expectNoViolations } from '../axe';
import { notLocalised, showPseudoLocale } from '../pseudo';

/**
 * Issue 31: keys limited to scopes. New secret's Access offers Full access, Read only and a grid
 * of None, Read or Write per resource; a read-only key's token reads the example resource and may
 * not change it; narrowing a key on its page takes the scope from a token already issued.
 */

const READS = 'billing:read clusters:read users:read warehouses:read';

test('journey 24: a read-only key reads clusters but may not change them', async ({ alice: keys, page, accounts }) => {
  const program = await accounts.anonymous();
  await keys.goto();
  await keys.newSecret.click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  const access = keys.dialog.getByRole('group', { name: 'Access' });
  await expect(access.getByRole('radio', { name: 'Full access' })).toBeChecked();

  // Custom shows the grid; a key that can do nothing is refused, and nothing typed is lost.
  await access.getByRole('radio', { name: 'Custom' }).check();
  const clusters = access.getByRole('group', { name: 'Clusters' });
  await expect(clusters.getByRole('radio', { name: 'None' })).toBeChecked();
  await expect(access.getByRole('group')).toHaveCount(4);
  await keys.descriptionInput().fill('dashboards');
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog.getByRole('alert')).toHaveText(/^Give the key Read or Write on at least one resource/);
  await expect(keys.descriptionInput()).toHaveValue('dashboards');
  // Arrow keys move within one resource's levels.
  await clusters.getByRole('radio', { name: 'None' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(clusters.getByRole('radio', { name: 'Read' })).toBeChecked();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `New secret with custom access (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await access.getByRole('radio', { name: 'Read only' }).check();
  await expect(clusters).toHaveCount(0);
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog).toHaveAccessibleName('Your new key');
  await expect(keys.dialog.locator('.ak-secret-access')).toHaveText(`Access Read only ${READS}`, { useInnerText: true });
  const clientId = (await keys.shownClientId().textContent())!.trim();
  const secret = (await keys.shownSecret().textContent())!.trim();
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.dialog).toHaveCount(0);

  // The program's token carries the reads: it lists clusters, and may not make one.
  const token = await program.token(clientId, secret);
  expect(token.status()).toBe(200);
  const granted = await token.json();
  expect(granted.scope).toBe(READS);
  expect((await program.clusters(granted.access_token, 'GET')).status()).toBe(200);
  const refused = await program.clusters(granted.access_token, 'POST');
  expect(refused.status()).toBe(403);
  expect(refused.headers()['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="clusters:write"');

  // The list says it in short, and its filter finds the key by scope.
  await expect(keys.row(clientId).locator('td[data-label="Access"]')).toHaveText('Read only');
  const everything = await keys.create('everything');
  await keys.filter.fill('clusters:write');
  await expect(keys.rows).toHaveCount(1);
  await expect(keys.row(everything.clientId)).toBeVisible();
  await keys.filter.fill('');
});

test('journey 24: narrowing a key on its page takes the scope from a live token at once', async ({ alice: keys, page, accounts }) => {
  const program = await accounts.anonymous();
  const created = await new Api(page.request).create('pipeline');
  const token = (await (await program.token(created.client_id, created.secret)).json()).access_token;
  expect((await program.clusters(token, 'POST')).status()).toBe(202);

  await keys.goto();
  await keys.row(created.client_id).getByRole('link', { name: 'pipeline' }).click();
  const section = page.getByRole('region', { name: 'Access' });
  await expect(section.locator('.ak-access__short')).toHaveText('Full access');
  await section.getByRole('button', { name: 'Edit access' }).click();
  await expect(section.getByText('Taking access away holds at once')).toBeVisible();
  await section.getByRole('radio', { name: 'Custom' }).check();
  const clusters = section.getByRole('group', { name: 'Clusters' });
  await expect(clusters.getByRole('radio', { name: 'Write' })).toBeChecked();
  await clusters.getByRole('radio', { name: 'Read' }).check();
  for (const resource of ['Warehouses', 'Users', 'Billing']) {
    await section.getByRole('group', { name: resource }).getByRole('radio', { name: 'None' }).check();
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `a key's access being edited (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByRole('button', { name: 'Edit access' })).toBeFocused();
  await expect(section.locator('.ak-access__short')).toHaveText('1 scope');
  await expect(section.getByRole('listitem')).toHaveText(['clusters:read']);

  // The token issued before keeps reading, and may no longer write.
  expect((await program.clusters(token, 'POST')).status()).toBe(403);
  expect((await program.clusters(token, 'GET')).status()).toBe(200);
  const stored = (await new Api(page.request).keys()).find((k) => k.client_id === created.client_id)!;
  expect(stored.scopes).toEqual(['clusters:read']);
  await expect(page.locator('table.ak-events tbody tr[data-event-type="key.scopes_changed"]')).toHaveCount(1);
});

test.describe('in the pseudo-locale', () => {
  test.use({ locale: 'en-XA' });

  test('the access choice, its grid and the key page section are catalogue text', async ({ page, accounts }) => {
    await accounts.reset('alice');
    await new Api(page.request).signIn('alice', accounts.password);
    await new Api(page.request).create('范围 ３');
    await showPseudoLocale(page);
    await page.goto('/application-keys');
    await expect(page.locator('.ak-cell-access')).not.toBeEmpty();
    await page.locator('.ak-key-link').first().click();
    await page.locator('.ak-edit-access').click();
    await page.locator('.ak-access__modes input').last().check();
    await expect(page.locator('.ak-scope')).toHaveCount(4);
    expect(await notLocalised(page, ['alice'])).toEqual([]);
  });
});
