import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';
import { Api } from '../api';
import { expectNoViolations } from '../axe';
import { events, instrument, listenerCounts } from '../embedding';
import { testInExample } from '../hosts';
import { KeysPage } from '../pages';

/**
 * Issue 16: examples/react-shell, a React + React Router console built by Vite from the
 * package, renders `<appkeys-page>` on its Application keys route. The page mounts and unmounts
 * with the route and leaves nothing behind; create, copy and delete work and the shell's toasts
 * name the key; a 401 sends the shell to its sign-in route; axe finds nothing.
 */

const password = randomBytes(12).toString('base64url');
const test = testInExample('react-shell', password);
const KEYS = '/security/application-keys';

/** alice signed in (the context's cookies) with the given keys, on the shell's keys route. */
async function open(page: Page, descriptions: string[] = []): Promise<KeysPage> {
  const api = new Api(page.request);
  await api.signIn('alice', password);
  await api.deleteAll();
  for (const description of descriptions) await api.create(description);
  await instrument(page);
  await page.goto(KEYS);
  const keys = new KeysPage(page);
  await keys.loaded();
  return keys;
}

const toast = (page: Page) => page.getByRole('status', { name: 'Notifications' });
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name });

test('the page mounts and unmounts with the route, five times, leaving no node or listener', async ({ page }) => {
  const keys = await open(page, ['kept across visits']);
  await expect(keys.rows).toHaveCount(1);
  // The counts start on the other route, after the first visit (which may register listeners
  // once per document, not per page).
  await nav(page, 'Overview').click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.locator('.ak-root')).toHaveCount(0);
  const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
  const before = { listeners: await listenerCounts(page, 'main'), nodes: await nodes() };

  for (let visit = 0; visit < 5; visit++) {
    await nav(page, 'Application keys').click();
    await expect(page).toHaveURL(KEYS);
    await keys.loaded();
    await expect(keys.rows).toHaveCount(1);
    await page.evaluate(() => {
      const w = window as unknown as { __visited?: Element[] };
      (w.__visited ??= []).push(document.querySelector('appkeys-page')!);
    });
    await nav(page, 'Overview').click();
    await expect(page.locator('.ak-root')).toHaveCount(0);
    expect(await listenerCounts(page, 'main')).toEqual(before.listeners);
    expect(await nodes()).toBe(before.nodes);
  }
  // Every element React let go of is empty: the page it held was unmounted, not just detached.
  const visited = await page.evaluate(() =>
    (window as unknown as { __visited: Element[] }).__visited.map((el) => ({ connected: el.isConnected, children: el.childNodes.length })),
  );
  expect(visited).toEqual(Array(5).fill({ connected: false, children: 0 }));
});

test('create, copy and delete; the toasts name the key and no event carries the secret', async ({ page }) => {
  const keys = await open(page);
  const { clientId, secret } = await keys.generate('react deploys');
  await expect(toast(page)).toHaveText('Key “react deploys” created');
  await keys.dialog.getByRole('button', { name: 'Copy Secret' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.row(clientId)).toBeVisible();

  await keys.deleteButton('react deploys').click();
  await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(keys.row(clientId)).toHaveCount(0);
  await expect(toast(page)).toHaveText('Key “react deploys” deleted');

  // A key without a description is named by its Client ID, as the page names it.
  const unnamed = await keys.create();
  await expect(toast(page)).toHaveText(`Key “${unnamed.clientId}” created`);

  const seen = await events(page);
  expect(seen.map((e) => e.type)).toEqual(['appkeys:created', 'appkeys:deleted', 'appkeys:created']);
  expect(JSON.stringify(seen)).not.toContain(secret);
  await expect(toast(page)).not.toContainText(unnamed.secret);
});

test('a session revoked on the server sends the shell to its sign-in route, and back after it', async ({ page, context }) => {
  const keys = await open(page, ['still here']);
  // Signed out elsewhere: the server ends the session, the browser still sends its cookie.
  const cookies = await context.cookies();
  const ended = await page.request.delete('/api/1.0/session', { headers: { 'X-Requested-With': 'e2e' } });
  expect(ended.status()).toBe(200);
  await context.addCookies(cookies);

  await keys.newSecret.click();
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to Orbit' })).toBeVisible();
  await expect(page.locator('.ak-root')).toHaveCount(0);

  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(KEYS);
  await keys.loaded();
  await expect(keys.descriptions).toHaveText(['still here']);
});

test('axe finds nothing on the shell with the keys page, its dialog and a toast', async ({ page }) => {
  const keys = await open(page, ['checked by axe']);
  await expectNoViolations(page, 'the React shell with the key list');
  await keys.generate('another');
  await expect(toast(page)).toHaveText('Key “another” created');
  await expectNoViolations(page, 'the React shell with the secret dialog and a toast');
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await keys.deleteButton('checked by axe').click();
  await expect(keys.confirm).toBeVisible();
  await expectNoViolations(page, 'the React shell with the delete confirmation');
});

test("a key's page has its address below the shell's route: the link, reload and Back", async ({ page }) => {
  const keys = await open(page, ['react nightly']);
  const [key] = await new Api(page.request).keys();
  await keys.row(key.client_id).getByRole('link', { name: 'react nightly' }).click();
  await expect(page).toHaveURL(`${KEYS}/${key.client_id}`);
  const heading = page.getByRole('heading', { name: 'react nightly', level: 1 });
  await expect(heading).toBeFocused();
  await page.reload();
  await expect(heading).toBeVisible();
  await expect(page.locator('.ak-facts')).toContainText(key.client_id);
  await page.goBack();
  await expect(page).toHaveURL(KEYS);
  await keys.loaded();
  await expect(keys.row(key.client_id)).toBeVisible();
  await page.goForward();
  await expect(heading).toBeVisible();
});
