import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { Api } from '../api';
import { KeysPage } from '../pages';

/**
 * Issue 28: each dialog's code is a wasm chunk of its own (dist/pkg/split_*.wasm), fetched when
 * the browser is idle after the first screen. Opening a dialog then waits on nothing; a chunk
 * that is slow or fails shows the dialog's loading state, then the dialog or a clear error with
 * Retry.
 */
/** Every lazy view: the dialogs, a key's page and the account's activity. */
const LAZY = ['create', 'rename', 'rotate', 'delete', 'delete_many', 'key_detail', 'account_activity'];
const CREATE_CHUNK = '**/split_create.wasm';

async function signedIn(page: Page, password: string, withKey = false): Promise<KeysPage> {
  const api = new Api(page.request);
  await api.signIn('alice', password);
  if (withKey) await api.create('Billing');
  return new KeysPage(page);
}

test('every lazy view is fetched after the first screen, so opening a dialog fetches nothing', async ({ page, accounts }) => {
  await accounts.reset('alice');
  const keys = await signedIn(page, accounts.password, true);
  const fetched = new Set<string>();
  const wasmAsked: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasmAsked.push(new URL(request.url()).pathname);
  });
  page.on('requestfinished', (request) => {
    const name = /split_(\w+)\.wasm$/.exec(request.url())?.[1];
    if (name) fetched.add(name);
  });
  await keys.goto();
  await expect.poll(() => [...fetched].sort()).toEqual([...LAZY].sort());

  const before = wasmAsked.length;
  await keys.newSecret.click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await expect(keys.descriptionInput()).toBeFocused();
  await keys.page.keyboard.press('Escape');
  await keys.rows.first().getByRole('button', { name: /Delete/ }).click();
  await expect(keys.confirm).toHaveAccessibleName('Delete this key?');
  expect(wasmAsked.slice(before), 'no .wasm fetched when a dialog opens').toEqual([]);
});

test('a dialog whose code cannot be loaded says so, and Retry opens it', async ({ page, accounts }) => {
  await accounts.reset('alice');
  const keys = await signedIn(page, accounts.password);
  let failing = true;
  await page.route(CREATE_CHUNK, (route) => (failing ? route.abort('connectionfailed') : route.fallback()));
  await keys.goto();

  await keys.newSecret.click();
  const failed = page.getByRole('alertdialog', { name: 'This dialog could not be opened' });
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('Part of the page could not be loaded. Check your connection and try again.');
  const retry = failed.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeFocused();
  // Still failing: the same message again, not a broken page.
  await retry.click();
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();

  failing = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await keys.descriptionInput().fill('After a retry');
  await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
  await expect(keys.dialog).toHaveAccessibleName('Your new key');
  const clientId = (await keys.shownClientId().textContent())!.trim();
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.rows.first()).toContainText(clientId);
  await expect(keys.newSecret).toBeFocused();
});

test('a slow dialog shows that it is opening, then opens; focus goes back to what opened it', async ({ page, accounts }) => {
  await accounts.reset('alice');
  const keys = await signedIn(page, accounts.password);
  let release = () => {};
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route(CREATE_CHUNK, async (route) => {
    await arrived;
    await route.fallback();
  });
  await keys.goto();

  // Opened from the empty state's button, whose place the page's main action would take if
  // focus went back to "whatever had focus when the dialog appeared" (the stand-in's Cancel).
  const createFirst = page.getByRole('button', { name: 'Create your first key' });
  await createFirst.click();
  const opening = page.getByRole('dialog', { name: 'Opening…' });
  await expect(opening).toBeVisible();
  await expect(opening.getByRole('button', { name: 'Cancel' })).toBeFocused();
  release();
  await expect(keys.dialog).toHaveAccessibleName('New secret');
  await expect(keys.descriptionInput()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(keys.dialog).toHaveCount(0);
  await expect(createFirst).toBeFocused();
});

test('the sign-in page is a chunk too: a failed load says so, and Retry brings the form', async ({ page, accounts }) => {
  await accounts.reset('alice');
  // A signed-in visit never fetches it: the first test's prefetched views do not include it.
  let failing = true;
  await page.route('**/split_sign_in_page.wasm', (route) => (failing ? route.abort('connectionfailed') : route.fallback()));
  await page.goto('/sign-in');
  const failed = page.getByRole('alert').filter({ hasText: 'Part of the page could not be loaded.' });
  await expect(failed).toBeVisible();
  await expect(page.getByLabel('Username')).toHaveCount(0);

  failing = false;
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(accounts.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/application-keys$/);
  await new KeysPage(page).loaded();
});
