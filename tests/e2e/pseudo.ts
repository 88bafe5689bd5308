import type { Page } from '@playwright/test';
import * as path from 'node:path';

/**
 * The pseudo-locale en-XA (issue 13): English with every letter accented, lengthened, between
 * ⟦ ⟧. A page shown in it that still holds an ASCII letter shows a string that bypassed the
 * catalogue. Its catalogue is the tests' own (made from en.rs by a unit test), never part of the
 * build: `showPseudoLocale` serves it to the page.
 */

export const PSEUDO_CATALOGUE = path.join(__dirname, 'i18n', 'en-XA.json');

/** Text nodes, placeholders, titles and aria-labels of the page that still hold an ASCII letter. */
export async function notLocalised(page: Page, skip: string[]): Promise<string[]> {
  return page.evaluate((skip) => {
    const found: string[] = [];
    // Values, not words: Client IDs and secrets (code), dates from Intl (time), what the page
    // marks translate=no (addresses, client software, sign-in names), the account's name, and
    // the language menu, whose languages are named in themselves.
    const isData = (el: Element | null) =>
      !!el?.closest('code, time, script, style, [translate=no], .ak-avatar, .ak-topbar__username, .ak-language');
    const check = (text: string | null, where: string) => {
      const value = (text ?? '').trim();
      if (value && /[A-Za-z]/.test(value) && !skip.includes(value)) found.push(`${where}: ${value}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (isData(parent) || !parent || parent.closest('[hidden]')) continue;
      check(node.textContent, `text in <${parent.tagName.toLowerCase()}>`);
    }
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (isData(el)) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) check(el.getAttribute(name), `${name} of <${el.tagName.toLowerCase()}>`);
    }
    check(document.title, 'document title');
    return found;
  }, skip);
}

/** Serves the pseudo-locale's catalogue to the page (open it with the context's locale en-XA). */
export async function showPseudoLocale(page: Page): Promise<void> {
  await page.route(/\/i18n\/en-XA\.json\?v=[0-9a-f]+$/, (route) => route.fulfill({ path: PSEUDO_CATALOGUE }));
}
