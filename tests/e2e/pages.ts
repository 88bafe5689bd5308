import { expect, type Locator, type Page } from '@playwright/test';
import { Api, type Key } from './api';

/** The Application keys page as a person sees it: roles, labels and visible text. */
export class KeysPage {
  readonly heading: Locator;
  readonly newSecret: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly emptyState: Locator;
  readonly filter: Locator;
  /** The create dialog (role=dialog), whichever step it shows. */
  readonly dialog: Locator;
  /** The delete confirmation (role=alertdialog). */
  readonly confirm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Application keys', level: 1 });
    this.newSecret = page.getByRole('button', { name: 'New secret' });
    this.table = page.getByRole('table', { name: 'Your application keys, newest first' });
    this.rows = this.table.locator('tbody').getByRole('row');
    this.emptyState = page.getByRole('heading', { name: 'No application keys yet' });
    this.filter = page.getByRole('searchbox', { name: 'Filter keys' });
    this.dialog = page.getByRole('dialog');
    this.confirm = page.getByRole('alertdialog');
  }

  async goto(): Promise<void> {
    await this.page.goto('/application-keys');
    await this.loaded();
  }

  /** The page has finished loading: the list or the empty state is shown. */
  async loaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByText('Loading keys…')).toHaveCount(0);
    await expect(this.table.or(this.emptyState).or(this.page.getByText('Could not load your keys.')).first()).toBeVisible();
  }

  row(clientId: string): Locator {
    return this.rows.filter({ has: this.page.locator('code', { hasText: clientId }) });
  }

  /** Each row's cell under the column `heading` (Description, Client ID, Expires, Last used, Created at). */
  column(heading: string): Locator {
    return this.rows.locator(`td[data-label="${heading}"]`);
  }

  get descriptions(): Locator {
    return this.column('Description');
  }

  get clientIds(): Locator {
    return this.column('Client ID').locator('code');
  }

  /** The Expires choices of the open New secret dialog, in order (a locator: assert with toHaveText, which
   * waits for the dialog's chunk to load). */
  expiresChoices(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Expires' }).locator('option');
  }

  renameButton(label: string): Locator {
    return this.page.getByRole('button', { name: `Rename key ${label}`, exact: true });
  }

  rotateButton(label: string): Locator {
    return this.page.getByRole('button', { name: `Rotate secret of key ${label}`, exact: true });
  }

  /** The checkbox that ticks one key for "Delete N keys". */
  tickBox(label: string): Locator {
    return this.page.getByRole('checkbox', { name: `Select key ${label}`, exact: true });
  }

  deleteButton(label: string): Locator {
    return this.page.getByRole('button', { name: `Delete key ${label}`, exact: true });
  }

  descriptionInput(): Locator {
    return this.dialog.getByRole('textbox', { name: /^Description/ });
  }

  shownClientId(): Locator {
    return this.dialog.locator('.ak-field').filter({ hasText: 'Client ID' }).locator('code');
  }

  shownSecret(): Locator {
    return this.dialog.locator('.ak-field').filter({ hasText: 'Secret' }).locator('code');
  }

  /** Rotate secret → the grace period → Rotate secret; returns the new secret, dialog still open. */
  async rotate(label: string, grace: 'Immediately' | 'In 1 hour' | 'In 24 hours'): Promise<string> {
    await this.rotateButton(label).click();
    await expect(this.dialog).toHaveAccessibleName('Rotate secret');
    await this.dialog.getByRole('radio', { name: grace }).check();
    await this.dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await expect(this.dialog).toHaveAccessibleName(`New secret for ${label}`);
    return (await this.shownSecret().textContent())!.trim();
  }

  /** New secret → (description) → Generate now; returns what the dialog shows, dialog still open. */
  async generate(description?: string): Promise<{ clientId: string; secret: string }> {
    await this.newSecret.click();
    await expect(this.dialog).toHaveAccessibleName('New secret');
    if (description !== undefined) await this.descriptionInput().fill(description);
    await this.dialog.getByRole('button', { name: 'Generate now' }).click();
    await expect(this.dialog).toHaveAccessibleName('Your new key');
    const clientId = (await this.shownClientId().textContent())!.trim();
    const secret = (await this.shownSecret().textContent())!.trim();
    return { clientId, secret };
  }

  /** generate() and then "OK, I have copied it". */
  async create(description?: string): Promise<{ clientId: string; secret: string }> {
    const created = await this.generate(description);
    await this.dialog.getByRole('button', { name: 'OK, I have copied it' }).click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.row(created.clientId)).toBeVisible();
    return created;
  }

  /** What the page shows equals what the server has for the signed-in account, in order. */
  async expectMatchesServer(): Promise<Key[]> {
    const keys = await new Api(this.page.request).keys();
    if (keys.length === 0) {
      await expect(this.emptyState).toBeVisible();
      await expect(this.rows).toHaveCount(0);
    } else {
      await expect(this.clientIds).toHaveText(keys.map((k) => k.client_id));
      await expect(this.descriptions).toHaveText(keys.map((k) => k.description ?? '-'));
    }
    return keys;
  }
}

/** The standalone sign-in page, filled in and sent. */
export async function signInThroughPage(page: Page, username: string, password: string): Promise<KeysPage> {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/application-keys$/);
  const keys = new KeysPage(page);
  await keys.loaded();
  await expect(page.getByRole('banner')).toContainText(username);
  return keys;
}

/** The clipboard as the browser holds it (clipboard permissions are granted in the config). */
export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
