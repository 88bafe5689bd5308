import { randomBytes } from 'node:crypto';
import { test, expect } from '../fixtures';

/**
 * Issue 14: after too many wrong passwords for one name the server refuses further attempts for a
 * while, and the sign-in page says so with the wait, in words (not a generic error).
 */
test('journey 12: repeated wrong passwords are throttled with a clear message', async ({ page }) => {
  // A name of its own: each run throttles it.
  const name = `mallory-${randomBytes(4).toString('hex')}`;
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill('guess');
  const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
  const alert = page.getByRole('alert');
  // The server allows 10 wrong passwords per name within its window (--sign-in-failures).
  for (let attempt = 1; attempt <= 10; attempt++) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/1.0/session'));
    await signIn.click();
    expect((await answered).status()).toBe(401);
    await expect(alert).toHaveText('The username or password is not right.');
  }
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/1.0/session'));
  await signIn.click();
  expect((await answered).status()).toBe(429);
  await expect(alert).toHaveText(/^Too many attempts; try again in \d+ s\.$/);
  // What was typed stays.
  await expect(page.getByLabel('Username')).toHaveValue(name);
});
