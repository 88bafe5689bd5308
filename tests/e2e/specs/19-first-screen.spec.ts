import { test, expect } from '../fixtures';
import { Api } from '../api';
import { KeysPage, signInThroughPage } from '../pages';

/**
 * Issue 18: the standalone page's first answers (session, list, policy) are preloaded with the
 * HTML, and the page asks for the policy before the list. So the first rows a person sees already
 * have every column the backend offers: no tick boxes or Expires column pop in one frame later
 * and shift the table.
 */
test('journey 19: the first painted rows already have every column', async ({ page, accounts }) => {
  await accounts.reset('alice');
  const api = new Api(page.request);
  await api.signIn('alice', accounts.password);
  for (const description of ['Billing', 'Reports']) await api.create(description);

  // What the first frame with a key row showed, read in requestAnimationFrame (before its paint).
  await page.addInitScript(() => {
    const w = window as unknown as { __firstRow: Promise<{ cells: number; heads: number }> };
    w.__firstRow = new Promise((resolve) => {
      const look = () => {
        const row = document.querySelector('tr[data-client-id]') as HTMLTableRowElement | null;
        if (!row) return requestAnimationFrame(look);
        resolve({ cells: row.cells.length, heads: document.querySelectorAll('thead th').length });
      };
      requestAnimationFrame(look);
    });
  });
  // index.html asks for the first screen's answers before the wasm arrives, and the app takes
  // them: each is asked for once, not again by the app.
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/')) asked.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  const keys = new KeysPage(page);
  await keys.goto();
  const first = await page.evaluate(() => (window as unknown as { __firstRow: Promise<unknown> }).__firstRow);

  // The reference backend offers selection, expiry and scopes: eight columns, from the first frame on.
  await expect(keys.rows.first().getByRole('checkbox', { name: 'Select key Reports' })).toBeVisible();
  await expect(keys.column('Expires')).toHaveText(['Never', 'Never']);
  await expect(keys.column('Access')).toHaveText(['Full access', 'Full access']);
  const now = await keys.rows.first().evaluate((row: HTMLTableRowElement) => ({
    cells: row.cells.length,
    heads: document.querySelectorAll('thead th').length,
  }));
  expect(now).toEqual({ cells: 8, heads: 8 });
  expect(first).toEqual(now);
  expect(asked.sort()).toEqual([
    'GET /api/1.0/application-keys',
    'GET /api/1.0/application-keys/policy',
    'GET /api/1.0/session',
  ]);
});

test('journey 19: signed in from the sign-in page, the list is asked for again', async ({ page, accounts }) => {
  // Opened signed out, the sign-in page's document asked for the list too, and got a 401 that
  // nobody took. After signing in, the page shows the keys, not "your session has ended".
  await accounts.reset('alice');
  const made = await (await accounts.api('alice')).create('Nightly export');
  const keys = await signInThroughPage(page, 'alice', accounts.password);
  await expect(keys.rows).toHaveCount(1);
  await expect(keys.row(made.client_id)).toContainText('Nightly export');
  await expect(page.getByText('Your session has ended', { exact: false })).toHaveCount(0);
});

test('journey 19: opened signed out, the keys page shows sign-in, not an error', async ({ page, accounts }) => {
  // The early list and policy answers are 401s, and the page takes them: that means "sign in".
  await accounts.reset('alice');
  await (await accounts.api('alice')).create('Nightly export');
  await page.goto('/application-keys');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
  await expect(page.getByText('Could not load your keys.')).toHaveCount(0);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(accounts.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const keys = new KeysPage(page);
  await keys.loaded();
  await expect(keys.rows).toHaveCount(1);
  await expect(page.getByText('Your session has ended', { exact: false })).toHaveCount(0);
});
