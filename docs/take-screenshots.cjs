// Retakes docs/screenshots from a running app: `cargo xtask serve --listen 127.0.0.1:8080`
// with demo password "demo-password" (APPKEYS_DEMO_PASSWORD), then `node docs/take-screenshots.cjs URL`.
const { chromium } = require('../tests/e2e/node_modules/playwright');
(async () => {
  const base = process.argv[2] || 'http://127.0.0.1:8080';
  const out = require('path').join(__dirname, 'screenshots');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
  for (const [scheme, user] of [['light', 'alice'], ['dark', 'bob']]) {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 640 }, colorScheme: scheme, reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
    const page = await ctx.newPage();
    await page.goto(base + '/sign-in');
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill('demo-password');
    if (scheme === 'light') await page.screenshot({ path: `${out}/sign-in.png` });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Application keys', exact: true }).waitFor();
    await page.getByText('No application keys yet').waitFor();
    await page.screenshot({ path: `${out}/${scheme}-empty.png` });
    for (const d of ['Nightly billing export', '', 'CI deploys (GitHub Actions)']) {
      await page.getByRole('button', { name: /New secret|Create your first key/ }).first().click();
      await page.getByLabel(/Description/).fill(d);
      await page.getByRole('button', { name: 'Generate now' }).click();
      await page.getByText('Your new key').waitFor();
      if (d.startsWith('CI')) await page.screenshot({ path: `${out}/${scheme}-secret.png` });
      await page.getByRole('button', { name: 'OK, I have copied it' }).click();
    }
    await page.getByText('CI deploys (GitHub Actions)', { exact: true }).waitFor();
    await page.screenshot({ path: `${out}/${scheme}-list.png` });
    await page.getByRole('button', { name: 'Rotate secret of key CI deploys (GitHub Actions)' }).click();
    await page.getByRole('dialog', { name: 'Rotate secret' }).waitFor();
    await page.screenshot({ path: `${out}/${scheme}-rotate.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('checkbox', { name: 'Select key CI deploys (GitHub Actions)' }).check();
    await page.getByRole('checkbox', { name: 'Select key Nightly billing export' }).check();
    await page.getByRole('button', { name: 'Delete 2 keys' }).click();
    await page.getByRole('alertdialog', { name: 'Delete 2 keys?' }).waitFor();
    await page.screenshot({ path: `${out}/${scheme}-bulk-delete.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByRole('button', { name: 'Delete key Nightly billing export' }).click();
    await page.getByText('Delete this key?').waitFor();
    await page.screenshot({ path: `${out}/${scheme}-delete.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    if (scheme === 'light') {
      await page.route('**/api/1.0/application-keys', r => r.fulfill({ status: 500, contentType: 'application/json', body: '{"code":50000,"message":"database unavailable"}', headers: { 'x-request-id': 'a1b2c3d4' } }));
      await page.reload();
      await page.getByText('Could not load your keys.').waitFor();
      await page.screenshot({ path: `${out}/light-error.png` });
    }
    await ctx.close();
  }
  // A phone (375 px): the rows as cards, and the secret dialog.
  const phone = await browser.newContext({ viewport: { width: 375, height: 720 }, colorScheme: 'light', reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
  const page = await phone.newPage();
  await page.goto(base + '/sign-in');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('CI deploys (GitHub Actions)', { exact: true }).waitFor();
  await page.screenshot({ path: `${out}/phone-list.png` });
  await page.getByRole('button', { name: 'New secret' }).click();
  await page.getByLabel(/Description/).fill('Mobile app backend');
  await page.getByRole('button', { name: 'Generate now' }).click();
  await page.getByText('Your new key').waitFor();
  await page.screenshot({ path: `${out}/phone-secret.png` });
  await phone.close();
  // The list in Simplified Chinese, and Rotate secret in German.
  for (const [locale, shot] of [['zh-CN', 'zh-CN-list'], ['de-DE', 'de-rotate']]) {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 640 }, colorScheme: 'light', reducedMotion: 'reduce', locale, timezoneId: 'UTC' });
    const page = await ctx.newPage();
    await page.goto(base + '/sign-in');
    await page.locator('#ak-username').fill('alice');
    await page.locator('#ak-password').fill('demo-password');
    await page.locator('form button[type=submit]').click();
    await page.locator('tbody tr').first().waitFor();
    if (shot === 'de-rotate') {
      await page.locator('.ak-rotate').first().click();
      await page.getByRole('dialog').waitFor();
    }
    await page.screenshot({ path: `${out}/${shot}.png` });
    await ctx.close();
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
