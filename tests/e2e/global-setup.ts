import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';

/**
 * Checks that the build under test exists before any browser starts, so a missing build fails
 * once with a clear message instead of once per test. The servers themselves are started per
 * worker (fixtures.ts), each on a free loopback port with a fresh SQLite file.
 *
 * The build is copied first (app and server binary), so that a rebuild of target/ while the suite
 * runs (another engineer's `trunk build`) cannot change the files under test: the server hashes
 * the inline scripts of index.html for its CSP, and a new index.html would not match.
 *
 * Server logs (stdout and stderr of every server) go to APPKEYS_E2E_SERVER_LOGS, by default
 * tests/e2e/test-results/server-logs/, one file per worker; the path is printed here and kept
 * after the run so that other checks (issue 7: no secret in the logs) can read them.
 */
export default async function globalSetup(config: FullConfig): Promise<() => void> {
  const problems: string[] = [];
  const dist = process.env.APPKEYS_DIST;
  const bin = process.env.APPKEYS_SERVER_BIN;
  if (!dist) {
    problems.push('APPKEYS_DIST is not set: it must name the built app (the directory with index.html).');
  } else if (!existsSync(path.join(dist, 'index.html'))) {
    problems.push(`APPKEYS_DIST=${dist} has no index.html: build the app with \`trunk build --dist ${dist}\`.`);
  }
  if (!bin) {
    problems.push('APPKEYS_SERVER_BIN is not set: it must name the reference server binary (target/debug/appkeys-server).');
  } else if (!existsSync(bin) || !statSync(bin).isFile()) {
    problems.push(`APPKEYS_SERVER_BIN=${bin} does not exist: build it with \`cargo build -p appkeys-server\`.`);
  }
  if (problems.length > 0) {
    throw new Error(
      [
        'The end-to-end suite cannot start:',
        ...problems.map((p) => `  - ${p}`),
        'Run it through `cargo xtask e2e` (from the repository root), which builds both and sets these variables.',
      ].join('\n'),
    );
  }

  const outputDir = config.projects[0]?.outputDir ?? path.join(config.rootDir, 'test-results');
  const logs = path.resolve(process.env.APPKEYS_E2E_SERVER_LOGS ?? path.join(outputDir, 'server-logs'));
  mkdirSync(logs, { recursive: true });
  // Workers inherit the environment of the runner as it is after global setup.
  process.env.APPKEYS_E2E_SERVER_LOGS = logs;
  console.log(`appkeys e2e: server logs in ${logs}`);

  const snapshot = mkdtempSync(path.join(os.tmpdir(), 'appkeys-e2e-build-'));
  cpSync(dist!, path.join(snapshot, 'dist'), { recursive: true });
  cpSync(bin!, path.join(snapshot, 'appkeys-server'));
  process.env.APPKEYS_E2E_DIST = path.join(snapshot, 'dist');
  process.env.APPKEYS_E2E_SERVER_BIN = path.join(snapshot, 'appkeys-server');
  return () => rmSync(snapshot, { recursive: true, force: true });
}
