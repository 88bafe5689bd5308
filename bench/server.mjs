// The reference server for the benchmarks: start it on a free port, talk to its API, stop it.
import { spawn } from "node:child_process";
import { once } from "node:events";

/** Starts `bin` with the demo accounts; resolves once it says it listens. */
export function startServer(bin, { db, password, args = [] }) {
  const child = spawn(bin, ["--listen", "127.0.0.1:0", "--db", db, "--demo", "--demo-password", password, ...args],
    { stdio: ["ignore", "pipe", "ignore"] });
  // Keep reading stdout to the end: closing the pipe early would fail the server's next write.
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const match = buffered.match(/listening on (http:\/\/[\d.:]+)/);
      if (match) resolve({ child, origin: match[1], base: `${match[1]}/api/1.0` });
    });
    child.once("exit", () => reject(new Error("the server exited before it listened")));
  });
}

/** A graceful stop (SIGTERM), so the database is checkpointed. */
export async function stop(child) {
  child.kill("SIGTERM");
  await once(child, "exit");
}

/** One console call with a bearer session token; the envelope's `data`, or an error. */
export async function api(base, path, { token, method = "GET", body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (json.code !== 20000) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json.data;
}

/** alice's session token. */
export async function signIn(base, password) {
  return (await api(base, "/session", { method: "POST", body: { username: "alice", password } })).token;
}

/** Creates `count` keys, `parallel` requests at a time; `describe(i)` gives the i-th description. */
export async function createKeys(base, token, count, describe, parallel = 16) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await api(base, "/application-keys", { token, method: "POST", body: { description: describe(next) } });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
