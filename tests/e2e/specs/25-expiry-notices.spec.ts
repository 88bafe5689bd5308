import { test, expect } from '../fixtures';
import { Api, DAY } from '../api';
import { expectNoViolations } from '../axe';

/**
 * Issue 34: the server tells a key's owner before the key stops working (`key.expiring`, which its
 * webhooks send at 30, 7 and 1 days). A key's page says when that happened, and its activity says
 * it too. A worker of its own: the test moves its server's clock.
 */
test.use({ serverArgs: ['--test-clock', '--expiry-notice-days', '30,7,1'] });

test('journey 25: an expiring key\'s page says when its owner was told', async ({ alice: keys, page, accounts }) => {
  const api = new Api(page.request);
  const created = await api.create('nightly export', new Date(Date.now() + 40 * DAY * 1000).toISOString());
  const notices = page.locator('.ak-expiry-notices');

  await keys.goto();
  await keys.row(created.client_id).getByRole('link', { name: 'nightly export' }).click();
  await expect(page.getByRole('heading', { name: 'nightly export' })).toBeVisible();
  await expect(page.locator('table.ak-events tbody tr')).toHaveCount(1);
  await expect(notices).toHaveCount(0);

  // 29.5 days before its end: the 30-day notice (and a new sign-in: the session has ended).
  await api.advanceServerClock(10 * DAY + 12 * 3600);
  await api.signIn('alice', accounts.password);
  await page.reload();
  await expect(notices.locator('dt')).toHaveText('Notices sent');
  await expect(notices.getByRole('listitem')).toHaveText([/^30 days before: /]);
  const logged = page.locator('table.ak-events tbody tr[data-event-type="key.expiring"]');
  await expect(logged).toContainText('Expiry notice');
  await expect(logged).toContainText('30 days before its end');

  // 6.5 days before: the 7-day one, newest first.
  await api.advanceServerClock(23 * DAY);
  await api.signIn('alice', accounts.password);
  await page.reload();
  await expect(notices.getByRole('listitem')).toHaveText([/^7 days before: /, /^30 days before: /]);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoViolations(page, `a key's page with its expiry notices (${scheme})`);
  }
});
