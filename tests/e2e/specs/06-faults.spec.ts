import type { Page, Route } from '@playwright/test';
import { test, expect } from '../fixtures';
import { Api } from '../api';
import { KeysPage, signInThroughPage } from '../pages';

const KEYS = '**/api/1.0/application-keys';
const TYPED = 'Typed before the fault';

/** alice has one key already, so that "the list matches the server" compares something. */
async function withOneKey(keys: KeysPage): Promise<string> {
  const existing = await new Api(keys.page.request).create('Existing key');
  await keys.goto();
  await expect(keys.clientIds).toHaveText([existing.client_id]);
  return existing.client_id;
}

/** Opens New secret, types the description and presses Generate now. */
async function generateTyped(keys: KeysPage): Promise<void> {
  await keys.newSecret.click();
  await keys.descriptionInput().fill(TYPED);
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
}

/** The dialog shows `message`, is still the form, and keeps what was typed. */
async function expectKeptWithMessage(keys: KeysPage, message: string | RegExp): Promise<void> {
  await expect(keys.dialog.getByRole('alert')).toHaveText(message);
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await expect(keys.descriptionInput()).toHaveValue(TYPED);
  await expect(keys.dialog.getByRole('button', { name: 'Generate now' })).toBeEnabled();
}

/** The fault is gone: Generate now again makes exactly one key, with the typed description. */
async function recover(keys: KeysPage, before: number): Promise<void> {
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog).toHaveAccessibleName('Your new key');
  const clientId = (await keys.shownClientId().textContent())!;
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.rows.first()).toContainText(clientId);
  const onServer = await keys.expectMatchesServer();
  expect(onServer).toHaveLength(before + 1);
  expect(onServer[0]).toMatchObject({ client_id: clientId, description: TYPED });
}

async function onPost(page: Page, handle: (route: Route) => Promise<void>): Promise<void> {
  await page.route(KEYS, (route) => (route.request().method() === 'POST' ? handle(route) : route.fallback()));
}

test.describe('journey 6: faults', () => {
  test('a 500 on create: a clear message with the reference, the description kept', async ({ alice: keys, page }) => {
    await withOneKey(keys);
    await onPost(page, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        headers: { 'x-request-id': 'e2e-fault-500' },
        body: JSON.stringify({ code: 50000, message: 'internal error' }),
      }),
    );
    await generateTyped(keys);
    await expectKeptWithMessage(keys, 'The server had a problem (HTTP 500). Try again in a moment. Reference: e2e-fault-500.');
    await page.unrouteAll();
    await recover(keys, 1);
  });

  test('a 429 on create: asks to wait, the description kept', async ({ alice: keys, page }) => {
    await withOneKey(keys);
    await onPost(page, (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ code: 40029, message: 'Too many requests.' }),
      }),
    );
    await generateTyped(keys);
    await expectKeptWithMessage(keys, 'Too many requests right now. Wait a moment and try again.');
    await page.unrouteAll();
    await recover(keys, 1);
  });

  test('malformed JSON: in the list (with Retry) and on create', async ({ alice: keys, page }) => {
    await withOneKey(keys);
    await page.route(KEYS, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"code":20000,"data":{"total":1,"list":[' }),
    );
    await page.reload();
    const failed = page.getByRole('alert').filter({ hasText: 'Could not load your keys.' });
    await expect(failed).toContainText('The server sent an answer the page could not read (HTTP 200). Try again.');
    await page.unrouteAll();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await keys.expectMatchesServer();

    await onPost(page, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '<html>proxy error</html>' }));
    await generateTyped(keys);
    await expectKeptWithMessage(keys, 'The server sent an answer the page could not read (HTTP 200). Try again.');
    await page.unrouteAll();
    await recover(keys, 1);
  });

  test('a timeout on create: no answer within 15 s (on a fake clock), the description kept', async ({
    alice: keys,
    page,
  }) => {
    await withOneKey(keys);
    await page.clock.install();
    await page.reload();
    await keys.loaded();
    const attempts: Route[] = [];
    let attempted: () => void = () => undefined;
    await onPost(page, async (route) => {
      attempts.push(route); // never answered
      attempted();
    });
    const nextAttempt = (n: number) =>
      new Promise<void>((resolve) => {
        attempted = () => attempts.length >= n && resolve();
        attempted();
      });

    const first = nextAttempt(1);
    await generateTyped(keys);
    await first;
    await expect(keys.dialog.getByRole('button', { name: 'Generating…' })).toBeVisible();
    // The page gives up after 15 s and, as for a lost answer, tries once more with the same request_id.
    const second = nextAttempt(2);
    await page.clock.fastForward(15_000);
    await second;
    expect(attempts[1].request().postDataJSON().request_id).toBe(attempts[0].request().postDataJSON().request_id);
    await page.clock.fastForward(15_000);
    await expectKeptWithMessage(keys, 'The server did not answer within 15 seconds. Try again.');
    expect(attempts).toHaveLength(2);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await recover(keys, 1);
  });

  test('a network drop during create: the retry with the same request_id makes one key and shows its secret', async ({
    alice: keys,
    page,
    accounts,
  }) => {
    await withOneKey(keys);
    const sent: { description: string; request_id: string }[] = [];
    await onPost(page, async (route) => {
      sent.push(route.request().postDataJSON());
      if (sent.length === 1) {
        // The server makes the key, but its answer never reaches the page.
        const answer = await route.fetch();
        expect(answer.status()).toBe(200);
        await route.abort('connectionreset');
      } else {
        await route.fallback();
      }
    });
    await generateTyped(keys);
    await expect(keys.dialog).toHaveAccessibleName('Your new key');
    expect(sent).toHaveLength(2);
    expect(sent[1].request_id).toBe(sent[0].request_id);
    const clientId = (await keys.shownClientId().textContent())!;
    const secret = (await keys.shownSecret().textContent())!;

    const onServer = await new Api(page.request).keys();
    expect(onServer, 'exactly one new key').toHaveLength(2);
    expect(onServer[0]).toMatchObject({ client_id: clientId, description: TYPED });
    // The secret shown is the real one.
    const token = await (await accounts.anonymous()).token(clientId, secret);
    expect(token.status()).toBe(200);

    await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
    await keys.expectMatchesServer();
  });

  test('the network fails during a delete: the row stays, then the delete goes through', async ({
    alice: keys,
    page,
  }) => {
    const existing = await withOneKey(keys);
    await page.route(`${KEYS}/*`, (route) =>
      route.request().method() === 'DELETE' ? route.abort('connectionrefused') : route.fallback(),
    );
    await keys.deleteButton('Existing key').click();
    await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(keys.confirm.getByRole('alert')).toHaveText('Could not reach the server. Check your connection and try again.');
    await expect(keys.confirm).toContainText(existing);
    await page.unrouteAll();
    await keys.confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(keys.row(existing)).toBeVisible();
    await keys.expectMatchesServer();

    await keys.deleteButton('Existing key').click();
    await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(keys.confirm).toHaveCount(0);
    await keys.expectMatchesServer();
  });

  test('401 mid-session: the page says the session has ended and offers to sign in again', async ({
    alice: keys,
    page,
    accounts,
  }) => {
    await withOneKey(keys);
    const unauthorized = page.evaluate(
      () =>
        new Promise<boolean>((resolve) =>
          document.addEventListener('appkeys:unauthorized', () => resolve(true), { once: true }),
        ),
    );
    // The session ends on the server (signed out elsewhere); the page does not know yet.
    const signOut = await page.request.delete('/api/1.0/session', { headers: { 'X-Requested-With': 'appkeys-e2e' } });
    expect(signOut.ok()).toBe(true);

    await generateTyped(keys);
    await expectKeptWithMessage(keys, /^Your session has ended\. Sign in again to continue\. Reference: [0-9a-f-]{36}\.$/);
    expect(await unauthorized).toBe(true);
    await keys.dialog.getByRole('button', { name: 'Cancel' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Your session has ended.' });
    await expect(banner).toHaveText(/Your session has ended\. Sign in again to see and manage your keys\./);
    await expect(keys.newSecret).toBeDisabled();

    await banner.getByRole('button', { name: 'Sign in again' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    const again = await signInThroughPage(page, 'alice', accounts.password);
    const onServer = await again.expectMatchesServer();
    expect(onServer).toHaveLength(1);
  });
});
