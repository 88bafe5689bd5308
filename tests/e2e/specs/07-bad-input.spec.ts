import { test, expect } from '../fixtures';
import { Api } from '../api';

test.describe('journey 7: bad input', () => {
  test('a 257-character description is refused with the rule named; 256 is fine', async ({ alice: keys, page }) => {
    await keys.newSecret.click();
    const input = keys.descriptionInput();
    await input.fill('x'.repeat(257));
    await expect(keys.dialog.getByText('257 / 256')).toBeVisible();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(keys.dialog.getByRole('alert')).toHaveText('The description can be at most 256 characters; it has 257.');
    await expect(keys.dialog).toHaveAccessibleName('New secret');
    await expect(input).toHaveValue('x'.repeat(257));
    expect(await new Api(page.request).keys()).toEqual([]);

    // The server holds the same rule for clients that skip the page.
    const direct = await page.request.post('/api/1.0/application-keys', {
      data: { description: 'y'.repeat(257), request_id: 'e2e-too-long' },
    });
    expect(direct.status()).toBe(400);
    expect((await direct.json()).message).toBe('The description must be at most 256 characters long.');

    await input.press('End');
    await input.press('Backspace');
    await expect(keys.dialog.getByText('256 / 256')).toBeVisible();
    await expect(input).toHaveAttribute('aria-invalid', 'false');
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
    await expect(keys.descriptions).toHaveText(['x'.repeat(256)]);
    await keys.expectMatchesServer();
  });

  test("a rule only the server checks comes back named: control characters", async ({ alice: keys }) => {
    await keys.newSecret.click();
    await keys.descriptionInput().fill('tab\there');
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(keys.dialog.getByRole('alert')).toHaveText('The description must not contain control characters.');
    await expect(keys.descriptionInput()).toHaveValue('tab\there');
    await keys.dialog.getByRole('button', { name: 'Cancel' }).click();
    await keys.expectMatchesServer();
  });

  test('markup, emoji and right-to-left text are stored and shown verbatim, and no script runs', async ({
    alice: keys,
    page,
  }) => {
    const markup = '<img src=x onerror=alert(1)>';
    const mixed = '🔑 مفتاح النشر — déploiement ✅ 👩🏽‍💻';
    const a = await keys.create(markup);
    const b = await keys.create(mixed);

    for (const round of ['created', 'reloaded']) {
      await expect(keys.row(a.clientId).locator('td[data-label="Description"]'), round).toHaveText(markup);
      await expect(keys.row(b.clientId).locator('td[data-label="Description"]'), round).toHaveText(mixed);
      await expect(keys.table.locator('img')).toHaveCount(0);
      await expect(keys.deleteButton(markup)).toBeVisible();
      await expect(keys.deleteButton(mixed)).toBeVisible();
      await page.reload();
      await keys.loaded();
    }
    const onServer = await keys.expectMatchesServer();
    expect(onServer.map((k) => k.description).sort()).toEqual([markup, mixed].sort());

    // The confirmation names them verbatim too.
    await keys.deleteButton(markup).click();
    await expect(keys.confirm).toContainText(`“${markup}”`);
    await expect(keys.confirm.locator('img')).toHaveCount(0);
    await keys.confirm.getByRole('button', { name: 'Cancel' }).click();
    await keys.filter.fill('مفتاح');
    await expect(keys.clientIds).toHaveText([b.clientId]);
    // No alert ran and no inline handler was even attempted: the shared fixture fails the test on
    // any dialog, uncaught error or CSP violation.
  });
});
