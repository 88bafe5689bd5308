import { randomBytes } from 'node:crypto';
import { test, expect } from '../fixtures';
import { KeysPage } from '../pages';
import { addHostileStylesheet, exampleDir, freePortPair, startHost, type Host } from '../hosts';
import { createCopyDelete, events, listenerCounts, signInThroughHost, stylesOf } from '../embedding';
import type { Page } from '@playwright/test';

/**
 * Issue 5: the page inside host pages that are not Leptos. Create, copy and delete run inside
 * each host; the events reach the host with the right detail and never a secret; a 401 reaches
 * the host as `appkeys:unauthorized`; host and page styles do not change each other; unmount
 * leaves no node and no listener behind.
 */

const password = randomBytes(12).toString('base64url');

test.describe('console shell (same origin, cookie session)', () => {
  let host: Host;
  test.beforeAll(async () => {
    host = await startHost(['--listen', '127.0.0.1:0', '--static', exampleDir('console-shell'), '--demo'], password);
  });
  test.afterAll(async () => host?.stop());

  const signIn = (page: Page) => signInThroughHost(page, `${host.url}/console/security/application-keys`, password);

  test('create, copy and delete inside the shell, with events and no secret in them', async ({ page }) => {
    const keys = await signIn(page);
    await expect(page.locator('#shell-user')).toHaveText('Signed in as alice');
    // Embedded mode renders only the page: no top bar, navigation or sign-in of its own.
    await expect(page.locator('.ak-topbar, .ak-sidenav, .ak-signin')).toHaveCount(0);
    await createCopyDelete(page, keys, 'embedded in the shell');
  });

  test('a 401 reaches the host, which signs in again', async ({ page, context }) => {
    const keys = await signIn(page);
    await context.clearCookies();
    await keys.newSecret.click();
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('appkeys:unauthorized');
    // The shell's own reaction: it unmounts the page and shows its sign-in form.
    await expect(page.getByRole('heading', { name: 'Sign in to Acme Cloud' })).toBeVisible();
    await expect(page.locator('.ak-root')).toHaveCount(0);
  });

  test('host and page styles do not change each other', async ({ page, browser }) => {
    const hostElements = ['body', '.shell-header', '.shell-logo', '.shell-nav', '.shell-nav h2', '.shell-nav a', '#shell-main'];
    await signIn(page);
    const mounted = await stylesOf(page, hostElements);
    // The same host with the page's stylesheet switched off and the page unmounted.
    await page.evaluate(() => {
      (window as unknown as { appkeysShell: { unmount(): void } }).appkeysShell.unmount();
      document.querySelector<HTMLLinkElement>('link[href="/pkg/appkeys.css"]')!.disabled = true;
    });
    expect(await stylesOf(page, hostElements)).toEqual(mounted);

    // The page looks the same inside the hostile host as in the standalone app.
    await page.evaluate(() => {
      document.querySelector<HTMLLinkElement>('link[href="/pkg/appkeys.css"]')!.disabled = false;
      (window as unknown as { appkeysShell: { remount(): void } }).appkeysShell.remount();
    });
    const keys = new KeysPage(page);
    await keys.loaded();
    const api = page.request;
    await api.post(`${host.url}/api/1.0/application-keys`, { data: { description: 'style probe' } });
    await page.reload();
    await expect(keys.rows.first()).toBeVisible();
    // On top of the shell's own reset, bare element rules that do set borders, fonts, spacing
    // and backgrounds (hostile.css): `table { border: 3px solid orange }` and the like.
    await addHostileStylesheet(page);
    await expect(page.locator('#shell-main')).toHaveCSS('border-top-style', 'dotted');
    // What a person would see first: no orange frame around the table or its cells, buttons and
    // inputs in the page's font, headings as the page sets them.
    const border = 'rgb(217, 222, 229)';
    await expect(keys.table).toHaveCSS('border-left-style', 'none');
    await expect(keys.table).toHaveCSS('margin-top', '0px');
    await expect(keys.table.locator('th').first()).toHaveCSS('border-bottom', `1px solid ${border}`);
    await expect(keys.table.locator('td[data-label="Description"]').first()).toHaveCSS('border-left-style', 'none');
    await expect(keys.table.locator('td[data-label="Description"]').first()).toHaveCSS('padding-top', '10px');
    await expect(keys.table.locator('td[data-label="Description"]').first()).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
    await expect(keys.newSecret).toHaveCSS('font-family', /^system-ui/);
    await expect(keys.newSecret).toHaveCSS('font-style', 'normal');
    await expect(keys.newSecret).toHaveCSS('text-transform', 'none');
    await expect(keys.newSecret).toHaveCSS('letter-spacing', 'normal');
    await expect(keys.filter).toHaveCSS('font-family', /^system-ui/);
    await expect(keys.heading).toHaveCSS('font-size', '22px');
    await expect(keys.heading).toHaveCSS('text-transform', 'none');
    const pageElements = ['.ak-root', '.ak-page', '.ak-page__header', '.ak-title', '.ak-subtitle', '.ak-new-key', '.ak-toolbar',
      '.ak-filter__input', '.ak-toolbar__count', '.ak-table-wrap', '.ak-table', '.ak-table thead tr', '.ak-table th',
      '.ak-table tbody tr', '.ak-table td', '.ak-table code', '.ak-table time', '.ak-table .ak-copy', '.ak-table td button',
      '.ak-table td:last-child button'];
    const inHost = await stylesOf(page, pageElements);
    // Compare against the same elements rendered by the page's own stylesheet in a blank document.
    const blank = await browser.newPage();
    // The blank page first renders without the stylesheet; with reduced motion (the page's CSS
    // then has no transitions) the values read are the final ones, not a button's fade.
    await blank.emulateMedia({ reducedMotion: 'reduce' });
    await blank.setContent(`<!DOCTYPE html><link rel="stylesheet" href="${host.url}/pkg/appkeys.css"><div class="ak-root">${await page.locator('.ak-root').innerHTML()}</div>`);
    await expect(blank.locator('.ak-title')).toHaveCSS('font-size', '22px');
    expect(inHost).toEqual(await stylesOf(blank, pageElements));
    await blank.close();
    for (const key of (await (await api.get(`${host.url}/api/1.0/application-keys`)).json()).data.list) {
      await api.delete(`${host.url}/api/1.0/application-keys/${key.client_id}`, { headers: { 'X-Requested-With': 'e2e' } });
    }
  });

  test('unmount removes every node and listener; several mounts and remounts work', async ({ page }) => {
    await signIn(page);
    await page.evaluate(() => (window as unknown as { appkeysShell: { unmount(): void } }).appkeysShell.unmount());
    await page.evaluate(() => {
      for (const id of ['extra-1', 'extra-2']) {
        const div = document.createElement('div');
        div.id = id;
        document.body.append(div);
      }
    });
    const before = await listenerCounts(page, '#extra-1');
    const result = await page.evaluate(async () => {
      const packageUrl: string = '/pkg/appkeys.js';
      const { mount } = await import(packageUrl);
      const one = document.getElementById('extra-1')!;
      const two = document.getElementById('extra-2')!;
      const cycles: number[] = [];
      for (let i = 0; i < 3; i++) {
        const a = mount(one, { apiBase: '/api/1.0' });
        const b = mount(two, { apiBase: '/api/1.0', locale: 'de-DE', timeZone: 'Europe/Berlin' });
        await new Promise((resolve) => {
          const check = () => (one.querySelector('.ak-title') && two.querySelector('.ak-title') ? resolve(null) : requestAnimationFrame(check));
          check();
        });
        cycles.push(document.querySelectorAll('.ak-root').length);
        a.unmount();
        b.unmount();
        b.unmount(); // twice is harmless
      }
      return { cycles, left: one.childNodes.length + two.childNodes.length };
    });
    expect(result.cycles).toEqual([2, 2, 2]);
    expect(result.left).toBe(0);
    expect(await listenerCounts(page, '#extra-1')).toEqual(before);
  });

  test('bad options throw a clear TypeError', async ({ page }) => {
    await signIn(page);
    const errors = await page.evaluate(async () => {
      const packageUrl: string = '/pkg/appkeys.js';
      const { mount } = await import(packageUrl);
      const el = document.createElement('div');
      const attempts: [unknown, unknown][] = [
        [el, { credentials: 'always' }], [el, { apiBase: 42 }], [el, { timeZone: 'Mars/Olympus' }],
        [el, { getToken: 'token' }], [el, { colour: 'red' }], [null, {}],
      ];
      return attempts.map(([element, options]) => {
        try {
          mount(element as HTMLElement, options as object);
          return 'no error';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      });
    });
    expect(errors).toEqual([
      expect.stringMatching(/^TypeError: appkeys: credentials must be "same-origin" or "include"/),
      'TypeError: appkeys: apiBase must be a string',
      expect.stringMatching(/^TypeError: appkeys: locale or timeZone is not valid/),
      'TypeError: appkeys: getToken must be a function',
      expect.stringMatching(/^TypeError: appkeys: unknown option "colour"/),
      'TypeError: appkeys: mount(element, options): element must be an HTMLElement',
    ]);
  });
});

test.describe('themed host with the API on another origin and bearer tokens', () => {
  let pageHost: Host;
  let apiHost: Host;
  test.beforeAll(async () => {
    // The example's fixed rule: its API is on the next port (no address comes from the URL).
    const [pagePort, apiPort] = await freePortPair();
    apiHost = await startHost(['--listen', `127.0.0.1:${apiPort}`, '--demo', '--cors-origin', `http://127.0.0.1:${pagePort}`], password);
    pageHost = await startHost(['--listen', `127.0.0.1:${pagePort}`, '--static', exampleDir('themed-cross-origin'),
      '--connect-src', apiHost.url], password);
  });
  test.afterAll(async () => {
    await pageHost?.stop();
    await apiHost?.stop();
  });

  const signIn = (page: Page) => signInThroughHost(page, `${pageHost.url}/`, password);

  test('create, copy and delete against the other origin, themed', async ({ page }) => {
    const keys = await signIn(page);
    // The host's theme reached the page through the custom properties only.
    await expect(keys.newSecret).toHaveCSS('background-color', 'rgb(109, 40, 217)');
    await expect(keys.newSecret).toHaveCSS('border-top-left-radius', '14px');
    // Dates in the locale and zone the host asked for (en-GB, Europe/London).
    await createCopyDelete(page, keys, 'cross-origin key');
  });

  test('a revoked bearer token reaches the host as appkeys:unauthorized', async ({ page, request }) => {
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/1.0/session') && r.request().method() === 'POST');
    const keys = await signIn(page);
    const token: string = (await (await signedIn).json()).data.token;
    // The session ends elsewhere (another tab signs out): the host's token is now refused.
    const ended = await request.delete(`${apiHost.url}/api/1.0/session`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ended.status()).toBe(200);
    await keys.newSecret.click();
    await keys.descriptionInput().fill('after sign-out');
    await keys.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('appkeys:unauthorized');
    // The host's own reaction: it drops its token, unmounts the page and asks to sign in.
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.locator('.ak-root')).toHaveCount(0);
  });
});
