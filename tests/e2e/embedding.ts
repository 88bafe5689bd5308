import { expect, type Page } from '@playwright/test';
import { KeysPage } from './pages';

/**
 * What the embedding journeys share (specs 10, 13 and 14): events and listener counts recorded in
 * the host page, sign-in through a host's own form, a create-copy-delete round, computed styles.
 */

/** Records, in the page, every appkeys:* event that bubbles to `document`, and listener counts. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: { type: string; detail: string }[]; __listeners: Map<EventTarget, number> };
    w.__events = [];
    for (const type of ['appkeys:created', 'appkeys:deleted', 'appkeys:unauthorized', 'appkeys:error']) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: JSON.stringify((e as CustomEvent).detail) }));
    }
    // Listeners on long-lived targets (window, document, any element that outlives the page) are
    // what a mount could leak; count adds minus removes per target.
    w.__listeners = new Map();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<typeof add>) {
      w.__listeners.set(this, (w.__listeners.get(this) ?? 0) + 1);
      return add.apply(this, args);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, ...args: Parameters<typeof remove>) {
      w.__listeners.set(this, (w.__listeners.get(this) ?? 0) - 1);
      return remove.apply(this, args);
    };
  });
}

export const events = (page: Page) => page.evaluate(() => (window as unknown as { __events: { type: string; detail: string }[] }).__events);

/** Listener balance on window, document, body and the mount element. */
export const listenerCounts = (page: Page, mountSelector: string) =>
  page.evaluate((selector) => {
    const w = window as unknown as { __listeners: Map<EventTarget, number> };
    const targets: [string, EventTarget | null][] = [
      ['window', window], ['document', document], ['body', document.body], ['mount', document.querySelector(selector)],
    ];
    return Object.fromEntries(targets.map(([name, t]) => [name, t ? w.__listeners.get(t) ?? 0 : 0]));
  }, mountSelector);

/** Opens a host page and signs in as alice with the host's own form; the page is then mounted. */
export async function signInThroughHost(page: Page, url: string, password: string): Promise<KeysPage> {
  await instrument(page);
  await page.goto(url);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const keys = new KeysPage(page);
  await keys.loaded();
  return keys;
}

/** Create with a description, copy the secret, check the events; then delete. */
export async function createCopyDelete(page: Page, keys: KeysPage, label: string): Promise<void> {
  const { clientId, secret } = await keys.generate(label);
  await keys.dialog.getByRole('button', { name: 'Copy Secret' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await keys.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
  await expect(keys.descriptions.first()).toHaveText(label);

  await keys.deleteButton(label).click();
  await keys.confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(keys.row(clientId)).toHaveCount(0);

  const seen = await events(page);
  expect(seen.find((e) => e.type === 'appkeys:created')?.detail).toBe(JSON.stringify({ client_id: clientId, description: label }));
  expect(seen.find((e) => e.type === 'appkeys:deleted')?.detail).toBe(JSON.stringify({ client_id: clientId, description: label }));
  expect(JSON.stringify(seen)).not.toContain(secret);
}

/** Computed styles that a stylesheet leaking out of the page would change. */
export const PROPS = ['color', 'background-color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height',
  'margin-top', 'margin-left', 'padding-top', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color',
  'border-left-width', 'text-transform', 'letter-spacing', 'text-align', 'list-style-type', 'box-sizing', 'display'];

/** PROPS of the first element of each selector, in the document or in the shadow root of `shadowHost`. */
export function stylesOf(page: Page, selectors: string[], shadowHost?: string) {
  return page.evaluate(([selectors, props, shadowHost]) => {
    const root = shadowHost ? document.querySelector(shadowHost)!.shadowRoot! : document;
    return Object.fromEntries(selectors.map((s) => {
      const el = root.querySelector(s);
      const style = el ? getComputedStyle(el) : null;
      return [s, style ? Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])) : null];
    }));
  }, [selectors, PROPS, shadowHost] as const);
}
