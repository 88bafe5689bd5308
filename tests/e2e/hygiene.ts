import { existsSync, readFileSync } from 'node:fs';
import type { APIResponse, Response } from '@playwright/test';

/**
 * Secret hygiene (issue 7): every secret, access token and session token a test sees is
 * recorded here (per worker process), and when a server stops, its log and its database files
 * must contain none of them: secrets and tokens are stored only as digests and never logged.
 */
const seen = new Set<string>();

/** Records the credentials in a decoded API answer: `data.secret`, `data.token`, `access_token`. */
export function recordCredentials(body: unknown): void {
  const value = body as { data?: { secret?: unknown; token?: unknown }; access_token?: unknown } | null;
  for (const candidate of [value?.data?.secret, value?.data?.token, value?.access_token]) {
    if (typeof candidate === 'string' && candidate.length >= 16) seen.add(candidate);
  }
}

/** For page and API responses of the endpoints that hand out credentials. */
export async function recordFrom(response: Response | APIResponse): Promise<void> {
  if (!/\/api\/1\.0\/(application-keys|token|session)(\?|$)/.test(response.url())) return;
  try {
    recordCredentials(await response.json());
  } catch {
    // Not JSON (an aborted or intercepted answer): nothing to record.
  }
}

/** Fails if any recorded credential appears in `files`; returns the figures for the log. */
export function assertNoCredentialsIn(files: string[], label: string): string {
  const existing = files.filter((file) => existsSync(file));
  const contents = existing.map((file) => readFileSync(file));
  const found = [...seen].filter((secret) => contents.some((bytes) => bytes.includes(secret)));
  const bytes = contents.reduce((sum, b) => sum + b.length, 0);
  if (found.length > 0) {
    throw new Error(`${label}: ${found.length} of ${seen.size} secrets/tokens found in ${existing.join(', ')}`);
  }
  return `${label}: ${seen.size} secrets and tokens checked against ${existing.length} files (${bytes} bytes of log and database): none found`;
}
