import { expect, type Locator, type Page } from '@playwright/test';

// The focused element also inside (open) shadow roots, where `document.activeElement` is the host
// (the page as `<appkeys-page shadow>`). Written out in each evaluate: the page's CSP forbids eval.
const isFocused = (target: Locator) =>
  target.evaluate((el) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return el === active;
  });

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it is not reachable. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 40 } = {}): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} was not reached with ${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'}`);
}

/** Tab and Shift+Tab, each more times than the dialog has controls, never leave it. */
export async function expectFocusTrapped(page: Page, dialog: Locator, presses = 8): Promise<void> {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(key);
      const inside = await dialog.evaluate((d) => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return d.contains(active);
      });
      expect(inside, `focus stays in the dialog after ${i + 1} × ${key}`).toBe(true);
    }
  }
}
