import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  test as base,
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { Api } from './api';
import { KeysPage } from './pages';
import { assertNoCredentialsIn, recordFrom } from './hygiene';

export { expect };

/** One reference server, started for one worker. */
export interface Server {
  url: string;
  /** The demo accounts' password, random per server. */
  password: string;
  logFile: string;
}

export type User = 'alice' | 'bob';

export interface Accounts {
  password: string;
  /** A fresh API client (its own cookie jar), signed in as `user`. */
  api(user: User): Promise<Api>;
  /** A fresh API client with no session, as a program calling /token would be. */
  anonymous(): Promise<Api>;
  /** Deletes every key of these accounts on the server. */
  reset(...users: User[]): Promise<void>;
}

/** What a test must never cause, checked after every test for every page of a context. */
class Watch {
  readonly problems: string[] = [];

  static async on(context: BrowserContext): Promise<Watch> {
    const watch = new Watch();
    await context.exposeBinding('__appkeysCspViolation', (_source, violation: unknown) => {
      watch.problems.push(`CSP violation: ${JSON.stringify(violation)}`);
    });
    // Recorded on window as well (issue 7), and reported to the test so that violations in a
    // document the test has navigated away from are not lost.
    await context.addInitScript(() => {
      const seen: unknown[] = [];
      (window as unknown as { __appkeysCspViolations: unknown[] }).__appkeysCspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => {
        const violation = {
          directive: event.effectiveDirective,
          blocked: event.blockedURI,
          source: event.sourceFile,
          line: event.lineNumber,
          sample: event.sample,
          page: location.pathname,
        };
        seen.push(violation);
        const report = (window as unknown as { __appkeysCspViolation?: (v: unknown) => void }).__appkeysCspViolation;
        report?.(violation);
      });
    });
    const onPage = (page: Page) => {
      page.on('pageerror', (error) => watch.problems.push(`Uncaught error in the page: ${error.message}`));
      page.on('dialog', (dialog) => {
        watch.problems.push(`The page opened a ${dialog.type()} dialog: ${JSON.stringify(dialog.message())}`);
        void dialog.dismiss().catch(() => undefined);
      });
    };
    context.pages().forEach(onPage);
    context.on('page', onPage);
    return watch;
  }

  async check(context: BrowserContext): Promise<void> {
    for (const page of context.pages()) {
      // A round trip through each live page also flushes binding calls still on their way.
      const recorded = await page
        .evaluate(() => (window as unknown as { __appkeysCspViolations?: unknown[] }).__appkeysCspViolations ?? [])
        .catch(() => []);
      for (const violation of recorded) {
        const line = `CSP violation: ${JSON.stringify(violation)}`;
        if (!this.problems.includes(line)) this.problems.push(line);
      }
    }
    expect(this.problems, 'no CSP violation, uncaught error or alert/confirm/prompt in any page').toEqual([]);
  }
}

async function startServer(workerIndex: number, extraArgs: string[]): Promise<{ server: Server; stop: () => Promise<void> }> {
  // The copies global-setup.ts made of APPKEYS_SERVER_BIN and APPKEYS_DIST.
  const bin = process.env.APPKEYS_E2E_SERVER_BIN;
  const dist = process.env.APPKEYS_E2E_DIST;
  if (!bin || !dist) throw new Error('global-setup.ts did not run: start the suite with `npx playwright test` (or `cargo xtask e2e`).');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appkeys-e2e-'));
  const logDir = process.env.APPKEYS_E2E_SERVER_LOGS ?? dir;
  const logFile = path.join(logDir, `server-worker-${workerIndex}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const password = randomBytes(18).toString('base64url');
  const child: ChildProcess = spawn(
    bin,
    [
      '--listen', '127.0.0.1:0',
      '--db', path.join(dir, 'appkeys.db'),
      '--static', dist,
      '--demo',
      // Demo accounts hashed with light Argon2 parameters: sign-in is fast in a debug build.
      '--light-password-hash',
      ...extraArgs,
    ],
    {
      // The password through the environment, not the command line.
      env: { ...process.env, APPKEYS_DEMO_PASSWORD: password, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG ?? 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });

  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const limit = setTimeout(() => fail(new Error('the server printed no start line within 30 s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(limit);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- ${logFile} ---\n${safeRead(logFile)}`));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /appkeys-server listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(limit);
        resolve(match[1]);
      }
    });
    child.once('error', (error) => fail(new Error(`could not start ${bin}: ${error.message}`)));
    child.once('exit', (code, signal) => fail(new Error(`the server exited (${code ?? signal}) before it listened`)));
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await new Promise<void>((resolve) => log.end(resolve));
    try {
      const db = path.join(dir, 'appkeys.db');
      console.log(assertNoCredentialsIn([logFile, db, `${db}-wal`], `secret hygiene, worker ${workerIndex}`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  return { server: { url, password, logFile }, stop };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no log)';
  }
}

interface TestFixtures {
  accounts: Accounts;
  /** Opens another browser context (another person), watched like the default one. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** alice, with no keys on the server, signed in (through the API) and on the keys page. */
  alice: KeysPage;
}

interface WorkerFixtures {
  server: Server;
  /** More flags for this worker's server (`test.use({ serverArgs: [...] })`: a worker of its own). */
  serverArgs: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  serverArgs: [[], { scope: 'worker', option: true }],

  server: [
    async ({ serverArgs }, use, workerInfo) => {
      const { server, stop } = await startServer(workerInfo.workerIndex, serverArgs);
      try {
        await use(server);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  baseURL: async ({ server }, use) => {
    await use(server.url);
  },

  context: async ({ context }, use) => {
    context.on('response', (response) => void recordFrom(response));
    const watch = await Watch.on(context);
    await use(context);
    await watch.check(context);
  },

  newContext: async ({ browser, server, contextOptions }, use) => {
    const opened: { context: BrowserContext; watch: Watch }[] = [];
    await use(async (options) => {
      const context = await openContext(browser, { ...contextOptions, baseURL: server.url, ...options });
      context.on('response', (response) => void recordFrom(response));
      opened.push({ context, watch: await Watch.on(context) });
      return context;
    });
    for (const { context, watch } of opened) {
      await watch.check(context);
      await context.close();
    }
  },

  accounts: async ({ server, playwright }, use) => {
    const made: APIRequestContext[] = [];
    const fresh = async () => {
      const request = await playwright.request.newContext({ baseURL: server.url });
      made.push(request);
      return new Api(request);
    };
    const accounts: Accounts = {
      password: server.password,
      async api(user) {
        const api = await fresh();
        await api.signIn(user, server.password);
        return api;
      },
      anonymous: fresh,
      async reset(...users) {
        for (const user of users) await (await accounts.api(user)).deleteAll();
      },
    };
    await use(accounts);
    for (const request of made) await request.dispose();
  },

  alice: async ({ page, accounts }, use) => {
    await accounts.reset('alice');
    // page.request shares the context's cookies: the page is signed in too.
    await new Api(page.request).signIn('alice', accounts.password);
    const keys = new KeysPage(page);
    await keys.goto();
    await use(keys);
  },
});

async function openContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  return browser.newContext({
    permissions: ['clipboard-read', 'clipboard-write'],
    locale: 'en-US',
    timezoneId: 'UTC',
    ...options,
  });
}
