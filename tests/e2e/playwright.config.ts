import { defineConfig } from '@playwright/test';

/**
 * The journeys of issue 4 in Debian's Chromium (no browser download) against the reference
 * server. `cargo xtask e2e` builds the app and the server and sets APPKEYS_DIST and
 * APPKEYS_SERVER_BIN; global-setup.ts checks them, and fixtures.ts starts one server per worker
 * on a free loopback port with a fresh SQLite file, so workers never share accounts.
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One server (and so one alice and one bob) per worker; tests of a file run in order.
  workers: Number(process.env.APPKEYS_E2E_WORKERS ?? 2),
  timeout: 60_000,
  expect: { timeout: 7_500 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.APPKEYS_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    permissions: ['clipboard-read', 'clipboard-write'],
    locale: 'en-US',
    timezoneId: 'UTC',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
  },
  projects: [{ name: 'chromium' }],
});
