import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base } from './fixtures';
import { assertNoCredentialsIn } from './hygiene';

/**
 * Reference servers for the host pages under examples/ (issue 5): the example's files plus the
 * npm-style package, assembled by `cargo xtask e2e` into APPKEYS_EXAMPLES/NAME.
 */
export interface Host {
  url: string;
  stop(): Promise<void>;
}

export function exampleDir(name: string): string {
  const root = process.env.APPKEYS_EXAMPLES;
  if (!root) throw new Error('APPKEYS_EXAMPLES is not set: run the suite through `cargo xtask e2e`.');
  return path.join(root, name);
}

/** A free loopback port (two servers that must name each other need theirs up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Two free ports, the second right after the first (a page and its API on the next port). */
export async function freePortPair(): Promise<[number, number]> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await isFree(port + 1))) return [port, port + 1];
  }
}

export async function startHost(args: string[], password: string): Promise<Host> {
  const bin = process.env.APPKEYS_E2E_SERVER_BIN;
  if (!bin) throw new Error('global-setup.ts did not run');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appkeys-host-'));
  const logs = process.env.APPKEYS_E2E_SERVER_LOGS ?? dir;
  const logFile = path.join(logs, `host-${randomBytes(4).toString('hex')}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(bin, ['--db', path.join(dir, 'appkeys.db'), '--light-password-hash', ...args], {
    env: { ...process.env, APPKEYS_DEMO_PASSWORD: password, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /appkeys-server listening on (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`host server exited (${code}) before it listened`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await new Promise<void>((resolve) => log.end(resolve));
      const db = path.join(dir, 'appkeys.db');
      console.log(assertNoCredentialsIn([logFile, db, `${db}-wal`], `secret hygiene, host ${url}`));
    },
  };
}

/**
 * Adds hostile.css (bare element rules of the kind host consoles carry) to the host page as a
 * `<link>` from the page's own origin, so the host's CSP (`style-src 'self'`) admits it like any
 * stylesheet of the host's.
 */
export async function addHostileStylesheet(page: Page): Promise<void> {
  const css = readFileSync(path.join(__dirname, 'hostile.css'), 'utf8');
  await page.route('**/__e2e/hostile.css', (route) => route.fulfill({ contentType: 'text/css', body: css }));
  await page.addStyleTag({ url: '/__e2e/hostile.css' });
}

/**
 * The suite's `test` with one host per worker serving examples/NAME (with `--demo`, the accounts'
 * password being `password`), and relative URLs (page.goto, page.request) going to that host.
 */
export function testInExample(name: string, password: string) {
  return base.extend<object, { exampleHost: Host }>({
    exampleHost: [
      async ({}, use) => {
        const host = await startHost(['--listen', '127.0.0.1:0', '--static', exampleDir(name), '--demo'], password);
        await use(host);
        await host.stop();
      },
      { scope: 'worker' },
    ],
    baseURL: async ({ exampleHost }, use) => use(exampleHost.url),
  });
}
