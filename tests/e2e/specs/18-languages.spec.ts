import { test, expect } from '../fixtures';
import { Api } from '../api';
import { expectNoViolations } from '../axe';
import type { Page } from '@playwright/test';
import { notLocalised, showPseudoLocale } from '../pseudo';

/**
 * Issue 13: every word in the viewer's language. The pseudo-locale en-XA (every letter accented,
 * lengthened, between ⟦ ⟧) proves that no visible string bypasses the catalogue; German and
 * Simplified Chinese journeys check the translations by role and name, with axe, and that the
 * dialogs hold their longer (or denser) words at 200% zoom.
 */

/** Descriptions without ASCII letters, so that only the page's own words could carry one. */
const DATA = ['流水线 ２', '账单 ３', 'Ünïçödé ４'.replace(/[A-Za-z]/g, '')];

// A server of this file's own: the account's activity that the pseudo-locale walk reads then holds
// only these journeys' events (another file's, with dates and descriptions in ASCII, would stay in
// alice's log after a reset).
test.use({ serverArgs: ['--activity-days', '400'] });

test.describe('the pseudo-locale', () => {
  test.use({ locale: 'en-XA' });

  test('journey 18 (pseudo-locale): every screen and state shows only catalogue text', async ({ page, accounts }) => {
    const seen: string[] = [];
    const expectLocalised = async (state: string) => {
      const left = await notLocalised(page, ['alice']);
      expect.soft(left, `text not from the catalogue on ${state}`).toEqual([]);
      seen.push(state);
    };
    const api = new Api(page.request);
    await accounts.reset('alice');
    await showPseudoLocale(page);

    // Signed out: the sign-in page, and its error.
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-XA');
    await page.locator('#ak-username').fill('alice');
    await page.locator('#ak-password').fill('not the password');
    await page.locator('form button[type=submit]').click();
    await expect(page.getByRole('alert')).not.toBeEmpty();
    await expectLocalised('sign-in with its error');

    // Loading: the list is held until the state has been checked.
    await api.signIn('alice', accounts.password);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/1.0/application-keys', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/application-keys');
    await expect(page.locator('.ak-state[aria-busy=true]')).toBeVisible();
    await expectLocalised('loading');
    release();

    // Empty, then New secret with its error, the secret shown once and the question before closing.
    await expect(page.locator('.ak-state--empty')).toBeVisible();
    await page.unroute('**/api/1.0/application-keys');
    await expectLocalised('the empty account');
    await page.locator('.ak-new-key').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=text]').fill('x'.repeat(257).replace(/x/g, '·'));
    await dialog.locator('button[type=submit]').click();
    await expect(dialog.getByRole('alert')).not.toBeEmpty();
    await expectLocalised('New secret with an error');
    await dialog.locator('input[type=text]').fill(DATA[0]);
    await dialog.locator('button[type=submit]').click();
    await expect(dialog.locator('.ak-secret')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog.getByRole('alert')).toBeVisible();
    await expectLocalised('the secret shown once, asking before it closes');
    await dialog.locator('.ak-dialog__actions .ak-btn--primary').click();
    await expect(dialog).toHaveCount(0);

    // The list: filter without a match, rename with an error, rotate, delete, ticks and many.
    await api.create(DATA[1]);
    await page.reload();
    await expect(page.locator('tbody tr')).toHaveCount(2);
    await expectLocalised('the list');
    await page.locator('input[type=search]').fill('０');
    await expect(page.locator('.ak-state--compact')).toBeVisible();
    await expectLocalised('the filter without a match');
    await page.locator('input[type=search]').fill('');
    await page.locator('.ak-rename').first().click();
    await dialog.locator('input[type=text]').fill('tab\there');
    await dialog.locator('button[type=submit]').click();
    const alert = dialog.getByRole('alert');
    await expect(alert).not.toBeEmpty();
    // The server's own words follow the page's sentence as a detail, in English: they are the
    // backend's, not the page's.
    const told = 'The description must not contain control characters.';
    await expect(alert).toContainText(told);
    await alert.evaluate((el, told) => (el.textContent = el.textContent!.replace(told, '')), told);
    await expectLocalised('rename with the server refusing');
    await page.keyboard.press('Escape');
    await page.locator('.ak-rotate').first().click();
    await expect(dialog.locator('input[type=radio]')).toHaveCount(3);
    await expectLocalised('the rotate dialog');
    await dialog.locator('input[value=now]').check();
    await dialog.locator('button[type=submit]').click();
    await expect(dialog.locator('.ak-secret')).toBeVisible();
    await expectLocalised('the rotated secret');
    await dialog.locator('.ak-dialog__actions .ak-btn--primary').click();

    // A key's page (its fields, no requests yet, its activity) and the account's activity.
    await page.locator('.ak-key-link').first().click();
    await expect(page.locator('.ak-facts')).toBeVisible();
    await expect(page.locator('.ak-usage-empty')).toBeVisible();
    await expect(page.locator('table.ak-events tbody tr').first()).toBeVisible();
    await expectLocalised("a key's page");
    await page.locator('.ak-breadcrumb a').click();
    await page.locator('.ak-activity-link').click();
    await expect(page.locator('table.ak-events tbody tr').first()).toBeVisible();
    await expectLocalised('the activity');
    await page.locator('.ak-breadcrumb a').click();
    await expect(page.locator('tbody tr')).toHaveCount(2);
    await page.locator('.ak-btn--danger-ghost').first().click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectLocalised('the delete confirmation');
    await page.keyboard.press('Escape');
    await page.locator('.ak-toolbar input[type=checkbox]').check();
    await page.locator('.ak-delete-picked').click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectLocalised('ticked keys and their confirmation');
    await page.getByRole('alertdialog').locator('.ak-btn--danger').click();
    await expect(page.locator('.ak-notice')).toBeVisible();
    await expectLocalised('the bulk outcome and the empty account');

    // A failed load with Retry, then the session ended elsewhere.
    await page.route('**/api/1.0/application-keys', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":50000,"message":"database unavailable"}' }),
    );
    await page.reload();
    await expect(page.locator('.ak-state--error')).toBeVisible();
    await expectLocalised('the failed load');
    await page.unroute('**/api/1.0/application-keys');
    await page.reload();
    await expect(page.locator('.ak-state--empty')).toBeVisible();
    await page.request.delete('/api/1.0/session', { headers: { 'X-Requested-With': 'appkeys-e2e' } });
    await page.locator('.ak-new-key').click();
    await dialog.locator('button[type=submit]').click();
    await expect(dialog.getByRole('alert')).not.toBeEmpty();
    await page.keyboard.press('Escape');
    await expect(page.locator('.ak-banner')).toBeVisible();
    await expectLocalised('the session-ended banner');
    expect(seen).toHaveLength(17);
  });
});

/** What each language calls the things a journey clicks and reads. */
interface Words {
  locale: string;
  lang: string;
  heading: string;
  newSecret: string;
  generate: string;
  yourKey: string;
  copySecret: string;
  copied: string;
  copiedIt: string;
  deleteKey: (name: string) => string;
  deleteQuestion: string;
  confirm: string;
  empty: string;
  tooLong: RegExp;
  serverProblem: RegExp;
}

const LANGUAGES: Words[] = [
  {
    locale: 'de-DE',
    lang: 'de',
    heading: 'Anwendungsschlüssel',
    newSecret: 'Neues Secret',
    generate: 'Jetzt erzeugen',
    yourKey: 'Ihr neuer Schlüssel',
    copySecret: 'Secret kopieren',
    copied: 'Kopiert',
    copiedIt: 'OK, ich habe es kopiert',
    deleteKey: (name) => `Schlüssel ${name} löschen`,
    deleteQuestion: 'Diesen Schlüssel löschen?',
    confirm: 'Löschen',
    empty: 'Noch keine Anwendungsschlüssel',
    tooLong: /^Die Beschreibung darf höchstens 256 Zeichen lang sein; sie hat 257\.$/,
    serverProblem: /^Der Server hatte ein Problem \(HTTP 500\)\./,
  },
  {
    locale: 'zh-CN',
    lang: 'zh-CN',
    heading: '应用密钥',
    newSecret: '新建 Secret',
    generate: '立即生成',
    yourKey: '您的新密钥',
    copySecret: '复制 Secret',
    copied: '已复制',
    copiedIt: '好的，我已复制',
    deleteKey: (name) => `删除密钥 ${name}`,
    deleteQuestion: '删除此密钥？',
    confirm: '确认删除',
    empty: '还没有应用密钥',
    tooLong: /^描述最多 256 个字符，当前为 257 个。$/,
    serverProblem: /^服务器出现问题（HTTP 500）。/,
  },
];

/** The open dialog and its buttons fit: nothing clipped, nothing wider than the dialog. */
async function expectFits(page: Page, state: string): Promise<void> {
  const clipped = await page.evaluate(() => {
    const dialog = document.querySelector('[role=dialog], [role=alertdialog]') as HTMLElement | null;
    if (!dialog) return ['no dialog'];
    const out: string[] = [];
    if (dialog.scrollWidth > dialog.clientWidth + 1) out.push(`the dialog scrolls sideways (${dialog.scrollWidth} > ${dialog.clientWidth})`);
    for (const button of Array.from(dialog.querySelectorAll('button'))) {
      if (button.scrollWidth > button.clientWidth + 1) out.push(`button "${button.textContent?.trim()}" is clipped`);
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) out.push('the document scrolls sideways');
    return out;
  });
  expect.soft(clipped, `layout at 200% zoom: ${state}`).toEqual([]);
}

for (const words of LANGUAGES) {
  test.describe(`in ${words.locale}`, () => {
    test.use({ locale: words.locale });

    test(`journey 18 (${words.lang}): create, copy, an error and delete, in ${words.locale}, with axe in light and dark`, async ({ page, accounts }) => {
      await accounts.reset('alice');
      await new Api(page.request).signIn('alice', accounts.password);
      await page.goto('/application-keys');
      await expect(page.getByRole('heading', { name: words.heading, level: 1 })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', words.lang);
      await expect(page.locator('.ak-page').locator('..')).toHaveAttribute('lang', words.lang);
      await expect(page.getByRole('heading', { name: words.empty })).toBeVisible();

      await page.getByRole('button', { name: words.newSecret }).first().click();
      const dialog = page.getByRole('dialog', { name: words.newSecret });
      await dialog.getByRole('textbox').fill('x'.repeat(257));
      await dialog.getByRole('button', { name: words.generate }).click();
      await expect(dialog.getByRole('alert')).toHaveText(words.tooLong);
      await expectNoViolations(page, `New secret with an error in ${words.locale}`);

      // A server failure in the page's own words, not the backend's English.
      await page.route('**/api/1.0/application-keys', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":50000,"message":"database unavailable"}' })
          : route.continue(),
      );
      await dialog.getByRole('textbox').fill('流水线');
      await dialog.getByRole('button', { name: words.generate }).click();
      await expect(dialog.getByRole('alert')).toHaveText(words.serverProblem);
      await expect(dialog.getByRole('alert')).not.toContainText('database unavailable');
      await page.unroute('**/api/1.0/application-keys');

      await dialog.getByRole('button', { name: words.generate }).click();
      const shown = page.getByRole('dialog', { name: words.yourKey });
      await expect(shown).toBeVisible();
      await shown.getByRole('button', { name: words.copySecret }).click();
      await expect(shown.getByRole('button', { name: words.copySecret })).toContainText(words.copied);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await expectNoViolations(page, `the secret shown once in ${words.locale} (${scheme})`);
      }
      await page.setViewportSize({ width: 640, height: 400 });
      await expectFits(page, `the secret in ${words.locale}`);
      await shown.getByRole('button', { name: words.copiedIt }).click();
      await expect(shown).toHaveCount(0);

      await page.getByRole('button', { name: words.deleteKey('流水线') }).click();
      const confirm = page.getByRole('alertdialog', { name: words.deleteQuestion });
      await expect(confirm).toBeVisible();
      await expectFits(page, `the delete confirmation in ${words.locale}`);
      await expectNoViolations(page, `the delete confirmation in ${words.locale}`);
      await confirm.getByRole('button', { name: words.confirm }).click();
      await expect(page.getByRole('heading', { name: words.empty })).toBeVisible();
      expect(await new Api(page.request).keys()).toEqual([]);
    });
  });
}

test.describe('a translation that cannot be loaded', () => {
  test.use({ locale: 'de-DE' });

  test('journey 18 (fallback): the console and the page show English and keep working', async ({ page, accounts }) => {
    await accounts.reset('alice');
    const api = new Api(page.request);
    await api.signIn('alice', accounts.password);
    await api.create('ci');
    let asked = 0;
    await page.route(/\/i18n\/de\.json\?v=[0-9a-f]+$/, (route) => {
      asked++;
      return route.fulfill({ status: 404, body: 'not here' });
    });
    await page.goto('/application-keys');
    await expect(page.getByRole('heading', { name: 'Application keys', level: 1 })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Delete key ci' })).toBeVisible();
    // The shell asked once; the page inside it took the answer the shell had.
    expect(asked).toBe(1);
  });
});
