// Soak: mixed traffic from 32 concurrent clients against the real server for 10 minutes (by default),
// with the error count, latency percentiles per minute (p99 drift: last minute against the first) and
// the server's resident memory (VmRSS from /proc/PID/status) at start, each minute and at the end.
//
// Each client loops: create a key, exchange it at /token twice, call /whoami twice with the token,
// list the keys four times, delete the key, then check the deleted key's token is refused. Clients
// alternate between the accounts alice and bob, so each account holds at most 16 keys at once.
//
//   APPKEYS_SERVER_BIN=target/release/appkeys-server node tests/soak/soak.mjs
//   APPKEYS_SOAK_SECONDS=60 APPKEYS_SOAK_CLIENTS=32 ...   (shorter or different runs)
//
// `cargo xtask soak` builds the release server and runs this. No npm packages: Node's own fetch.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const BIN = process.env.APPKEYS_SERVER_BIN ?? "target/release/appkeys-server";
const SECONDS = Number(process.env.APPKEYS_SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.APPKEYS_SOAK_CLIENTS ?? 32);
const WINDOW_MS = Math.min(60_000, (SECONDS * 1000) / 2);
const PASSWORD = "soak-password";

const dir = mkdtempSync(join(tmpdir(), "appkeys-soak-"));
const server = spawn(
  BIN,
  ["--listen", "127.0.0.1:0", "--db", join(dir, "soak.db"), "--demo", "--demo-password", PASSWORD],
  { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, RUST_LOG: "warn" } },
);
const startLine = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: server.stdout });
  lines.once("line", resolve);
  server.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
});
const root = startLine.replace("appkeys-server listening on ", "").trim();
const base = `${root}/api/1.0`;

function rssKiB() {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)[1]);
}

// Latencies (ms) of the current window, per operation and together.
let window = { started: performance.now(), all: [], byOp: {}, errors: 0 };
const windows = [];
let totalRequests = 0;
let totalErrors = 0;
const errorSamples = [];

function record(op, ms, ok, detail) {
  window.all.push(ms);
  (window.byOp[op] ??= []).push(ms);
  totalRequests += 1;
  if (!ok) {
    window.errors += 1;
    totalErrors += 1;
    if (errorSamples.length < 10) errorSamples.push(`${op}: ${detail}`);
  }
}

/** One request, timed; `expect` is the status that counts as success. */
async function call(op, expect, url, init = {}) {
  const t0 = performance.now();
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    const ok = res.status === expect;
    record(op, performance.now() - t0, ok, `${res.status} ${text.slice(0, 120)}`);
    return ok ? JSON.parse(text) : null;
  } catch (err) {
    record(op, performance.now() - t0, false, String(err));
    return null;
  }
}

async function signIn(username) {
  const res = await fetch(`${base}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  return (await res.json()).data.token;
}

const sessions = [await signIn("alice"), await signIn("bob")];
const deadline = performance.now() + SECONDS * 1000;

async function client(index) {
  const auth = { Authorization: `Bearer ${sessions[index % 2]}` };
  while (performance.now() < deadline) {
    const created = await call("create", 200, `${base}/application-keys`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ description: `soak ${index}` }),
    });
    if (!created) continue;
    const { client_id, secret } = created.data;
    const basic = { Authorization: `Basic ${Buffer.from(`${client_id}:${secret}`).toString("base64")}` };
    let access = null;
    for (let i = 0; i < 2; i++) {
      const token = await call("token", 200, `${base}/token?grant_type=client_credentials`, {
        method: "POST",
        headers: basic,
      });
      access = token?.access_token ?? access;
    }
    for (let i = 0; i < 2 && access; i++) {
      await call("whoami", 200, `${base}/whoami`, { headers: { Authorization: `Bearer ${access}` } });
    }
    for (let i = 0; i < 4; i++) {
      await call("list", 200, `${base}/application-keys`, { headers: auth });
    }
    await call("delete", 200, `${base}/application-keys/${client_id}`, { method: "DELETE", headers: auth });
    if (access) {
      await call("revoked", 401, `${base}/whoami`, { headers: { Authorization: `Bearer ${access}` } });
    }
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function closeWindow() {
  const now = performance.now();
  const all = window.all.sort((a, b) => a - b);
  const summary = {
    minute: windows.length + 1,
    seconds: (now - window.started) / 1000,
    requests: all.length,
    errors: window.errors,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    p99ByOp: Object.fromEntries(
      Object.entries(window.byOp).map(([op, v]) => [op, percentile(v.sort((a, b) => a - b), 99)]),
    ),
    rssKiB: rssKiB(),
  };
  windows.push(summary);
  console.log(
    `soak window ${summary.minute}: ${summary.requests} requests (${(summary.requests / summary.seconds).toFixed(0)}/s), ` +
      `errors ${summary.errors}, p50 ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms, ` +
      `RSS ${(summary.rssKiB / 1024).toFixed(1)} MiB`,
  );
  window = { started: now, all: [], byOp: {}, errors: 0 };
}

const rssStart = rssKiB();
console.log(
  `soak: ${CLIENTS} clients for ${SECONDS} s against ${base} (server pid ${server.pid}, RSS ${(rssStart / 1024).toFixed(1)} MiB)`,
);
const ticker = setInterval(closeWindow, WINDOW_MS);
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
clearInterval(ticker);
if (window.all.length > 0) closeWindow();
const rssEnd = rssKiB();
const alive = server.exitCode === null;
server.kill("SIGTERM");
await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve()));
rmSync(dir, { recursive: true, force: true });

const first = windows[0];
const last = windows.length > 1 ? windows[windows.length - 2] : first; // the last full window
console.log(
  `soak figures: ${SECONDS} s, ${CLIENTS} clients, requests ${totalRequests}, errors ${totalErrors}, ` +
    `p99 first window ${first.p99.toFixed(2)} ms, last full window ${last.p99.toFixed(2)} ms ` +
    `(drift ${(last.p99 / first.p99).toFixed(2)}x), RSS start ${(rssStart / 1024).toFixed(1)} MiB, ` +
    `end ${(rssEnd / 1024).toFixed(1)} MiB, server alive to the end ${alive}`,
);
for (const sample of errorSamples) console.log(`  error: ${sample}`);
process.exit(totalErrors === 0 && alive ? 0 : 1);
