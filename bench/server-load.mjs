// `cargo xtask bench server`: wrk against the reference server's list, create and token
// endpoints at 1, 8 and 32 connections, and the database size after 10,000 keys; create at 8
// connections with a webhook endpoint on each created key that answers at once, and one that never
// answers (the API must not wait on it); then, with
// APPKEYS_BENCH_POSTGRES (two empty PostgreSQL databases' URLs, space-separated), the same
// endpoints at 32 connections on PostgreSQL, on one instance and on two instances on one database.
// Needs APPKEYS_SERVER_BIN (a release build) and wrk (Debian). Writes results/server.{json,md}.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { api, createKeys, signIn, startServer, stop } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const serverBin = process.env.APPKEYS_SERVER_BIN;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [1, 8, 32];
const POSTGRES_CONNECTIONS = 32;
const postgres = (process.env.APPKEYS_BENCH_POSTGRES ?? "").split(/\s+/).filter(Boolean);
if (postgres.length === 1) throw new Error("APPKEYS_BENCH_POSTGRES names one database; it takes two");
if (!serverBin) throw new Error("APPKEYS_SERVER_BIN is not set (cargo xtask bench server sets it)");

const password = `bench-${Math.random().toString(36).slice(2)}`;

const start = (db, args) => startServer(serverBin, { db, password, args });

/** wrk's latency figures: "812.00us", "5.94ms", "1.02s", "1.50m". */
function toMs(text) {
  const [, value, unit] = text.match(/^([\d.]+)(us|ms|s|m)$/) ?? [];
  if (!unit) throw new Error(`not a wrk latency: ${text}`);
  return Number(value) * { us: 0.001, ms: 1, s: 1000, m: 60000 }[unit];
}

/** wrk on `url`; with `ports` (two instances), its two threads take one port each (wrk/split.lua). */
function wrk(url, connections, script, env, ports) {
  const threads = String(Math.min(connections, 2));
  const split = ports ? { SCRIPT: join(here, "wrk", script), PORTS: ports.join(" ") } : {};
  const out = execFileSync("wrk", ["-t", threads, "-c", String(connections), "-d", `${seconds}s`,
    "--latency", "-s", join(here, "wrk", ports ? "split.lua" : script), url],
    { env: { ...process.env, ...env, ...split }, encoding: "utf8" });
  const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const socket = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  try {
    return {
      requests_per_second: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]),
      // Anchored to the "Latency Distribution" lines: "67.50%" in the stdev column also ends in 50%.
      p50_ms: toMs(out.match(/^\s+50%\s+(\S+)$/m)[1]),
      p99_ms: toMs(out.match(/^\s+99%\s+(\S+)$/m)[1]),
      errors: non2xx + socketErrors,
      non_2xx: non2xx,
      socket_errors: socket ? Object.fromEntries(["connect", "read", "write", "timeout"].map((k, i) => [k, Number(socket[i + 1])])) : {},
    };
  } catch (failure) {
    throw new Error(`could not read wrk's report (${failure.message}):\n${out}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "appkeys-bench-"));

// 1. Database size after 10,000 keys (WAL checkpointed by a graceful stop).
const sizeDb = join(dir, "size.db");
let sizeRun;
{
  const { child, base } = await start(sizeDb, ["--max-keys", "10000"]);
  const token = await signIn(base, password);
  const started = performance.now();
  await createKeys(base, token, 10000, (i) => `key ${i}`);
  const list = await api(base, "/application-keys", { token });
  sizeRun = { keys: list.total, create_seconds: (performance.now() - started) / 1000 };
  await stop(child);
  const wal = `${sizeDb}-wal`;
  sizeRun.db_bytes = statSync(sizeDb).size + (existsSync(wal) ? statSync(wal).size : 0);
}

// 2. Load: list (50 keys), create, token.
const LOAD = ["--max-keys", "100000000", "--token-rate-per-minute", "1000000000"];

/** alice signed in with 50 keys, one of them for /token: the endpoints' [name, path, script, env]. */
async function endpoints(base) {
  const token = await signIn(base, password);
  await createKeys(base, token, 49, (i) => `key ${i}`, 4);
  const key = await api(base, "/application-keys", { token, method: "POST", body: { description: "token bench" } });
  const basic = Buffer.from(`${key.client_id}:${key.secret}`).toString("base64");
  return [
    ["list (50 keys)", "/application-keys", "get.lua", { AUTH: `Bearer ${token}` }],
    ["create", "/application-keys", "create.lua", { AUTH: `Bearer ${token}` }],
    ["token", "/token?grant_type=client_credentials", "token.lua", { AUTH: `Basic ${basic}` }],
  ];
}

const runs = [];
{
  const { child, base } = await start(join(dir, "load.db"), LOAD);
  try {
    for (const [endpoint, path, script, env] of await endpoints(base)) {
      for (const connections of CONNECTIONS) {
        runs.push({ endpoint, connections, seconds, ...wrk(`${base}${path}`, connections, script, env) });
      }
    }
  } finally {
    await stop(child); // also when a run fails, so no server is left behind
  }
}

// 3. PostgreSQL at 32 connections: one instance on the first database, then two instances on the
// second (started one after the other; sessions, keys and limits are in the database, so alice's
// session and the key work on both), wrk's two threads one per instance, 16 connections each.
const postgresRuns = [];
for (const [instances, db] of [[1, postgres[0]], [2, postgres[1]]].filter(() => postgres.length)) {
  const servers = [];
  try {
    for (let i = 0; i < instances; i += 1) servers.push(await start(db, LOAD));
    const ports = instances > 1 ? servers.map((s) => new URL(s.origin).port) : undefined;
    const { base } = servers[0];
    for (const [endpoint, path, script, env] of await endpoints(base)) {
      postgresRuns.push({ endpoint, instances, connections: POSTGRES_CONNECTIONS, seconds,
        ...wrk(`${base}${path}`, POSTGRES_CONNECTIONS, script, env, ports) });
    }
  } finally {
    for (const { child } of servers) await stop(child);
  }
}

// 4. Webhooks: every create is a `key.created` event with a delivery, to a receiver that answers
// 204 at once, or to one that never answers (each delivery then waits for the 10 s time limit,
// four at a time, and the outbox grows).
const WEBHOOK_CONNECTIONS = 8;
const webhookRuns = [];
for (const receiver of ["none", "answers", "hangs"]) {
  const hooks = createServer((request, response) => {
    request.resume();
    if (receiver === "answers") request.on("end", () => response.writeHead(204).end());
  });
  await new Promise((resolve) => hooks.listen(0, "127.0.0.1", resolve));
  const file = join(dir, `webhooks-${receiver}.toml`);
  writeFileSync(file, `[[endpoint]]\nurl = "http://127.0.0.1:${hooks.address().port}/hooks"\n` +
    `secret = "whsec_${randomBytes(24).toString("base64")}"\nevents = ["key.created"]\n`);
  const args = receiver === "none" ? LOAD : [...LOAD, "--webhooks", file];
  const { child, base } = await start(join(dir, `webhooks-${receiver}.db`), args);
  try {
    const token = await signIn(base, password);
    webhookRuns.push({ receiver, endpoint: "create", connections: WEBHOOK_CONNECTIONS, seconds,
      ...wrk(`${base}/application-keys`, WEBHOOK_CONNECTIONS, "create.lua", { AUTH: `Bearer ${token}` }) });
  } finally {
    await stop(child);
    hooks.closeAllConnections();
    hooks.close();
  }
}

const machine = `${cpus().length} × ${cpus()[0].model.trim()}`;
const figures = (r) => `${r.requests_per_second.toFixed(0)} | ${r.p50_ms.toFixed(2)} | ${r.p99_ms.toFixed(2)} | ${r.errors}`;
const rows = runs.map((r) => `| ${r.endpoint} | ${r.connections} | ${figures(r)} |`);
// Each endpoint: SQLite's 32-connection run, then PostgreSQL's on one and on two instances.
const storeRows = postgresRuns.length === 0 ? [] : [
  "",
  `At ${POSTGRES_CONNECTIONS} connections: SQLite (one instance) and PostgreSQL (one instance; two instances on one database, wrk's two threads one per instance)`,
  "",
  "| Endpoint | Store | Instances | Requests/s | p50 ms | p99 ms | Errors |",
  "|---|---|---|---|---|---|---|",
  ...runs.filter((r) => r.connections === POSTGRES_CONNECTIONS).flatMap((sqlite) => [
    `| ${sqlite.endpoint} | SQLite | 1 | ${figures(sqlite)} |`,
    ...postgresRuns.filter((r) => r.endpoint === sqlite.endpoint)
      .map((r) => `| ${r.endpoint} | PostgreSQL | ${r.instances} | ${figures(r)} |`),
  ]),
];
const table = [
  `Server load, ${seconds} s per run, wrk on loopback, release build, ${machine}`,
  "",
  "| Endpoint | Connections | Requests/s | p50 ms | p99 ms | Errors |",
  "|---|---|---|---|---|---|",
  ...rows,
  "",
  `Database after ${sizeRun.keys} keys: ${(sizeRun.db_bytes / 1024).toFixed(0)} KiB (${sizeRun.db_bytes} bytes); creating them through the API took ${sizeRun.create_seconds.toFixed(1)} s.`,
  "",
  `Create at ${WEBHOOK_CONNECTIONS} connections, each key's \`key.created\` sent to a webhook endpoint (SQLite)`,
  "",
  "| Webhook endpoint | Requests/s | p50 ms | p99 ms | Errors |",
  "|---|---|---|---|---|",
  ...webhookRuns.map((r) => `| ${{ none: "none configured", answers: "answers 204 at once", hangs: "never answers" }[r.receiver]} | ${figures(r)} |`),
  ...storeRows,
].join("\n");
writeFileSync(join(here, "results", "server.json"),
  JSON.stringify({ machine, runs, postgres: postgresRuns, size: sizeRun, webhooks: webhookRuns }, null, 2) + "\n");
writeFileSync(join(here, "results", "server.md"), table + "\n");
console.log(table);
const errors = [...runs, ...postgresRuns, ...webhookRuns].reduce((sum, r) => sum + r.errors, 0);
if (errors > 0) {
  console.error(`${errors} failed requests`);
  process.exit(1);
}
