import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { recordFrom } from './hygiene';

/** Seconds in a day, for expiry dates and the server's test clock. */
export const DAY = 86_400;

/** The API base of the reference server (the page reads the same from index.html). */
export const API = '/api/1.0';

/** An application key as `GET /application-keys` lists it. */
export interface Key {
  client_id: string;
  description: string | null;
  created_at: string;
  last_used_at: string | null;
  /** On a backend with the "expiry" feature. */
  expires_at?: string | null;
  /** On a backend with the "rotate" feature. */
  rotated_at?: string | null;
  /** On a backend with the "networks" feature. */
  allowed_networks?: string[];
  /** On a backend with the "scopes" feature. */
  scopes?: string[];
}

/** The contract's calls, from the test's side of the network. */
export class Api {
  constructor(readonly request: APIRequestContext) {}

  async signIn(username: string, password: string): Promise<void> {
    const response = await this.request.post(`${API}/session`, { data: { username, password } });
    expect(response.status(), `sign-in of ${username}: ${await response.text()}`).toBe(200);
    await recordFrom(response);
  }

  /** The signed-in account's keys, in the server's order (newest first). */
  async keys(): Promise<Key[]> {
    const response = await this.request.get(`${API}/application-keys`);
    expect(response.status(), `list keys: ${await response.text()}`).toBe(200);
    const body = await response.json();
    return body.data.list as Key[];
  }

  async create(description?: string, expiresAt?: string, allowedNetworks?: string[]): Promise<Key & { secret: string }> {
    const response = await this.createResponse(description, expiresAt, allowedNetworks);
    expect(response.status(), `create key: ${await response.text()}`).toBe(200);
    await recordFrom(response);
    return (await response.json()).data;
  }

  /** The create call as sent, whatever the answer (`expiresAt` and `allowedNetworks` left out when not given). */
  createResponse(description?: string, expiresAt?: string, allowedNetworks?: string[]): Promise<APIResponse> {
    const data: Record<string, unknown> = { description: description ?? null, request_id: randomUUID() };
    if (expiresAt !== undefined) data.expires_at = expiresAt;
    if (allowedNetworks !== undefined) data.allowed_networks = allowedNetworks;
    return this.request.post(`${API}/application-keys`, { data });
  }

  /** PATCH with the header that satisfies the server's CSRF rule for cookie sessions. */
  rename(clientId: string, description: string | null): Promise<APIResponse> {
    return this.request.patch(`${API}/application-keys/${encodeURIComponent(clientId)}`, {
      headers: { 'X-Requested-With': 'appkeys-e2e' },
      data: { description },
    });
  }

  /** The reference server's test-only clock (`--test-clock`): moves its "now" forward. */
  async advanceServerClock(seconds: number): Promise<void> {
    const response = await this.request.post(`${API}/test/clock`, { data: { advance_seconds: seconds } });
    expect(response.status(), `advance the server clock: ${await response.text()}`).toBe(204);
  }

  /** DELETE with the header that satisfies the server's CSRF rule for cookie sessions. */
  delete(clientId: string): Promise<APIResponse> {
    return this.request.delete(`${API}/application-keys/${encodeURIComponent(clientId)}`, {
      headers: { 'X-Requested-With': 'appkeys-e2e' },
    });
  }

  async deleteAll(): Promise<void> {
    for (const key of await this.keys()) {
      const response = await this.delete(key.client_id);
      expect(response.status(), `delete ${key.client_id}: ${await response.text()}`).toBe(200);
    }
    expect(await this.keys()).toEqual([]);
  }

  /** OAuth 2.0 client credentials with HTTP Basic, as a program using the key would do. */
  async token(clientId: string, secret: string): Promise<APIResponse> {
    const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
    const response = await this.request.post(`${API}/token?grant_type=client_credentials`, {
      headers: { Authorization: `Basic ${basic}` },
    });
    await recordFrom(response);
    return response;
  }

  /** The reference server's example resource: GET needs `clusters:read`, POST `clusters:write`. */
  clusters(accessToken: string, method: 'GET' | 'POST'): Promise<APIResponse> {
    const headers = { Authorization: `Bearer ${accessToken}` };
    return method === 'GET'
      ? this.request.get(`${API}/clusters`, { headers })
      : this.request.post(`${API}/clusters`, { headers, data: { name: 'etl' } });
  }

  whoami(accessToken: string): Promise<APIResponse> {
    return this.request.get(`${API}/whoami`, { headers: { Authorization: `Bearer ${accessToken}` } });
  }
}
