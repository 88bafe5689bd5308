import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';
import { Api } from '../api';
import { KeysPage } from '../pages';
import { addHostileStylesheet, testInExample } from '../hosts';
import { createCopyDelete, events, instrument, listenerCounts, stylesOf } from '../embedding';
import { expectFocusTrapped } from '../keyboard';

/**
 * Issue 16: `<appkeys-page>` in a plain page (examples/custom-element). Its attributes and
 * properties are mount's options and a changed one mounts the page again; disconnecting
 * unmounts it (a move does not); in shadow mode no host rule reaches the page, no page rule
 * leaks out, and the dialogs keep their focus handling.
 */

const password = randomBytes(12).toString('base64url');

const test = testInExample('custom-element', password);

/** alice signed in (the context's cookies) with the given keys, on the example page. */
async function open(page: Page, descriptions: string[] = []): Promise<{ keys: KeysPage; api: Api }> {
  const api = new Api(page.request);
  await api.signIn('alice', password);
  await api.deleteAll();
  for (const description of descriptions) await api.create(description);
  await instrument(page);
  await page.goto('/');
  const keys = new KeysPage(page);
  await keys.loaded();
  return { keys, api };
}

test('attributes and properties are the options; a changed option mounts the page again', async ({ page }) => {
  const { keys, api } = await open(page, ['dated']);
  const [key] = await api.keys();
  const element = page.locator('appkeys-page');
  // By the row's Client ID, not the table's name: the locale changes the page's language too.
  const created = page.locator(`tr[data-client-id="${key.client_id}"] .ak-cell-created time`);
  const formatted = (locale: string, timeZone: string) =>
    page.evaluate(
      ([at, locale, timeZone]) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(at)),
      [key.created_at, locale, timeZone],
    );
  // No locale or time-zone attribute: the browser's (en-US, UTC in this suite).
  await expect(created).toHaveText(await formatted('en-US', 'UTC'));

  // Two attributes changed in one task: one new mount, with both.
  await element.evaluate((el) => {
    (window as unknown as { __firstRoot: Element }).__firstRoot = el.querySelector('.ak-root')!;
    el.setAttribute('locale', 'de-DE');
    el.setAttribute('time-zone', 'Europe/Berlin');
  });
  const german = await formatted('de-DE', 'Europe/Berlin');
  expect(german).not.toBe(await formatted('en-US', 'UTC'));
  await expect(created).toHaveText(german);
  await expect(page.locator('.ak-root')).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __firstRoot: Element }).__firstRoot.isConnected)).toBe(false);

  // Properties reflect the attributes.
  await element.evaluate((el: HTMLElement & { locale: string | null }) => (el.locale = 'fr-FR'));
  await expect(element).toHaveAttribute('locale', 'fr-FR');
  await expect(created).toHaveText(await formatted('fr-FR', 'Europe/Berlin'));

  // getToken is a property: one that gives no token means no request and an ended session,
  // which the host answers with its sign-in form.
  await element.evaluate((el: HTMLElement & { getToken: () => null }) => (el.getToken = () => null));
  await expect.poll(async () => (await events(page)).map((e) => e.type)).toContain('appkeys:unauthorized');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(keys.heading).toBeHidden();
  // The host's form signs in and puts a fresh element in place: the list is back.
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await keys.loaded();
  await expect(keys.row(key.client_id)).toBeVisible();
});

test('disconnecting unmounts and leaves no node or listener; a move keeps the page as it is', async ({ page }) => {
  const { keys } = await open(page);
  // `hidden` hides it, although the element is display: block (without the example's own
  // `[hidden] { display: none !important }`: not every host has one).
  await page.evaluate(() => (document.querySelector<HTMLLinkElement>('link[href="/host.css"]')!.disabled = true));
  await page.locator('appkeys-page').evaluate((el: HTMLElement) => (el.hidden = true));
  await expect(keys.heading).toBeHidden();
  await page.locator('appkeys-page').evaluate((el: HTMLElement) => (el.hidden = false));
  await expect(keys.heading).toBeVisible();
  // A move (disconnect and connect in one task) keeps the page: the open dialog and its text stay.
  await keys.newSecret.click();
  await keys.descriptionInput().fill('typed before the move');
  await page.evaluate(() => {
    const elsewhere = document.createElement('section');
    elsewhere.id = 'elsewhere';
    document.body.append(elsewhere);
    elsewhere.append(document.querySelector('appkeys-page')!);
  });
  await expect(page.locator('#elsewhere appkeys-page')).toHaveCount(1);
  await expect(keys.descriptionInput()).toHaveValue('typed before the move');
  await keys.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(keys.dialog).toHaveCount(0);

  // Taken out of the document: unmounted. The counts start here, after the first mount (which
  // may register listeners once per document, not per page).
  const detach = () =>
    page.evaluate(() => {
      const w = window as unknown as { __element: HTMLElement };
      w.__element = document.querySelector('appkeys-page')!;
      w.__element.remove();
    });
  await detach();
  await expect(page.locator('.ak-root')).toHaveCount(0);
  const before = await listenerCounts(page, '#elsewhere');
  for (let cycle = 0; cycle < 3; cycle++) {
    await page.evaluate(() => document.getElementById('elsewhere')!.append((window as unknown as { __element: HTMLElement }).__element));
    await keys.loaded();
    await detach();
    await expect(page.locator('.ak-root')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __element: HTMLElement }).__element.childNodes.length)).toBe(0);
    expect(await listenerCounts(page, '#elsewhere')).toEqual(before);
  }
});

test.describe('shadow mode', () => {
  const shadowPage = 'appkeys-page[shadow]';

  /** The example page with its element replaced by a shadow one, and the document's link to the
   *  page's stylesheet switched off: the shadow page brings its own. */
  async function openShadow(page: Page, descriptions: string[] = []): Promise<KeysPage> {
    const { keys } = await open(page, descriptions);
    await page.evaluate(() => {
      document.querySelector<HTMLLinkElement>('link[href="/pkg/appkeys.css"]')!.disabled = true;
      const element = document.createElement('appkeys-page');
      element.setAttribute('shadow', '');
      element.setAttribute('api-base', '/api/1.0');
      document.querySelector('appkeys-page')!.replaceWith(element);
      // Host elements with the page's class names: a page rule that leaked would style them.
      const probe = document.createElement('div');
      probe.id = 'probe';
      probe.className = 'ak-root';
      const button = document.createElement('button');
      button.className = 'ak-btn ak-btn--primary';
      button.textContent = 'Host button';
      probe.append(button);
      document.body.append(probe);
    });
    await keys.loaded();
    await expect(page.locator(shadowPage)).toHaveCount(1);
    expect(await page.evaluate((s) => document.querySelector(s)!.shadowRoot!.querySelector('.ak-root') !== null, shadowPage)).toBe(true);
    return keys;
  }

  test('no host rule reaches the page and no page rule leaks out', async ({ page }) => {
    const keys = await openShadow(page, ['shadow probe']);
    const hostElements = ['body', '.host-header', '#main', '#probe', '#probe button'];
    const pageElements = ['.ak-root', '.ak-page', '.ak-title', '.ak-subtitle', '.ak-new-key', '.ak-filter__input',
      '.ak-table-wrap', '.ak-table', '.ak-table th', '.ak-table tbody tr', '.ak-table td', '.ak-table code',
      '.ak-table time', '.ak-table td button'];

    // Out: the host's button with the page's class names stays a plain button, and the host
    // looks the same without the page.
    await expect(page.locator('#probe button')).toHaveCSS('background-color', 'rgb(239, 239, 239)');
    const withPage = await stylesOf(page, hostElements);
    const clean = await stylesOf(page, pageElements, shadowPage);
    await page.evaluate((s) => document.querySelector(s)!.remove(), shadowPage);
    expect(await stylesOf(page, hostElements)).toEqual(withPage);
    await page.evaluate((s) => {
      const element = document.createElement('appkeys-page');
      element.setAttribute('shadow', '');
      document.getElementById('main')!.append(element);
    }, shadowPage);
    await expect(keys.rows).toHaveCount(1);

    // In: with the hostile sheet (element rules, inherited fonts and text settings on body), the
    // page inside is exactly as before.
    await addHostileStylesheet(page);
    await expect(page.locator('#probe button')).toHaveCSS('border-top-color', 'rgb(255, 165, 0)');
    await expect(keys.table).toHaveCSS('border-left-style', 'none');
    await expect(keys.newSecret).toHaveCSS('font-family', /^system-ui/);
    await expect(keys.newSecret).toHaveCSS('text-transform', 'none');
    // Inherited properties the page does not set itself stay out too (in light mode they come in).
    await expect(page.locator('.host-header')).toHaveCSS('word-spacing', '6px');
    await expect(keys.heading).toHaveCSS('word-spacing', '0px');
    await expect(keys.heading).toHaveCSS('text-shadow', 'none');
    expect(await stylesOf(page, pageElements, shadowPage)).toEqual(clean);

    // Theming still works, through the custom properties on the element.
    await page.locator(shadowPage).evaluate((el: HTMLElement) => el.style.setProperty('--ak-color-primary', '#6d28d9'));
    await expect(keys.newSecret).toHaveCSS('background-color', 'rgb(109, 40, 217)');

    // `hidden` hides it, although the element is display: block (the example's own
    // `[hidden] { display: none !important }` switched off: not every host has one).
    await page.evaluate(() => (document.querySelector<HTMLLinkElement>('link[href="/host.css"]')!.disabled = true));
    await page.locator(shadowPage).evaluate((el: HTMLElement) => (el.hidden = true));
    await expect(keys.heading).toBeHidden();
  });

  test('create, copy and delete with events out of the shadow root; dialogs keep focus', async ({ page }) => {
    const keys = await openShadow(page);
    await createCopyDelete(page, keys, 'made in the shadow');

    await keys.newSecret.click();
    await expect(keys.descriptionInput()).toBeFocused();
    await expectFocusTrapped(page, keys.dialog);
    await page.keyboard.press('Escape');
    await expect(keys.dialog).toHaveCount(0);
    // Focus goes back to the button that opened the dialog.
    await expect(keys.newSecret).toBeFocused();
  });
});

test("without base-path a key's page opens in place, the URL untouched; with it, below that path", async ({ page }) => {
  const { keys, api } = await open(page, ['in place']);
  const [key] = await api.keys();
  const link = keys.row(key.client_id).getByRole('link', { name: 'in place' });
  await link.click();
  const heading = page.getByRole('heading', { name: 'in place', level: 1 });
  await expect(heading).toBeFocused();
  expect(new URL(page.url()).pathname).toBe('/');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Application keys' }).click();
  await keys.loaded();

  // The host says where the page lives: the key's page gets its address there, and Back works.
  await page.locator('appkeys-page').evaluate((element) => element.setAttribute('base-path', '/keys'));
  await keys.loaded();
  await keys.row(key.client_id).getByRole('link', { name: 'in place' }).click();
  await expect(page).toHaveURL(`/keys/${key.client_id}`);
  await expect(heading).toBeVisible();
  await page.goBack();
  await keys.loaded();
  expect(new URL(page.url()).pathname).toBe('/');
});
