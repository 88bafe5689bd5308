// `cargo xtask bench browser`: the app against the plain-JS baseline (vanilla/) in headless
// Debian Chromium with the CPU throttled 4× through CDP, run by run alternately, on three reference
// servers on loopback (50, 1,000 and 10,000 keys). Measured in the page by an init script
// (performance.now(), requestAnimationFrame, MutationObserver, and wrappers of fetch and of
// Response's body readers, so that "the data arrived" is the moment the list's bytes were read).
// Needs APPKEYS_SERVER_BIN (release server) and APPKEYS_DIST (release bundle). `--quick` or
// BENCH_RUNS=3 for a smoke run. Writes results/browser.{json,md} and prints the table.
// `--dialogs` measures only a dialog opened for the first time (New secret, the delete
// confirmation), cold and once prefetched, also for APPKEYS_DIST_B when set.
// `--first-row` with APPKEYS_DIST_B (a second release bundle, e.g. of the commit before) also
// measures that build, alternating with the other two on a server of its own: an A/B of a start-up
// change in one browser, since the baseline alone moves by 10% from one run to the next here.
import { chromium } from "playwright";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { api, createKeys, signIn, startServer, stop } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
// Only measure 1 (the first row, first and repeat visit), print it and write nothing: for trying
// a start-up change in a few minutes rather than the whole suite's.
const firstRowOnly = process.argv.includes("--first-row");
// Only measure 6 (a dialog opened for the first time), for the app, APPKEYS_DIST_B when given, and
// the baseline's delete confirmation.
const dialogsOnly = process.argv.includes("--dialogs");
const distB = process.env.APPKEYS_DIST_B ?? null;
if (distB && !firstRowOnly && !dialogsOnly) throw new Error("APPKEYS_DIST_B is for --first-row and --dialogs");
// `--first-row` also measures the baseline as one file (vanilla_one: its script and both
// stylesheets inline, served as a site's index.html), the fastest a page of this kind can be.
const VARIANTS = [
  "app", ...(distB ? ["app_b"] : []), "vanilla", ...(firstRowOnly ? ["vanilla_one"] : []),
];
const RUNS = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 15));
const THROTTLE = 4;
const CHROMIUM = process.env.APPKEYS_CHROMIUM ?? "/usr/bin/chromium";
const SIZES = { first: 50, mid: 1000, large: 10000 };
const FILTER_KEY = "q"; // only in the description word "queue": narrows 10,000 rows to about 1,000
const WORDS = ["billing", "reports", "ingest", "export", "mobile", "webhook", "staging", "backup", "sync", "queue"];
const TIMEOUT_MS = 180_000;

for (const name of ["APPKEYS_SERVER_BIN", "APPKEYS_DIST"]) {
  if (!process.env[name]) throw new Error(`${name} is not set (cargo xtask bench browser sets it)`);
}
const password = `bench-${Math.random().toString(36).slice(2)}`;

// ---- the site: a snapshot of dist/ plus the baseline at /vanilla/ ----
// Copied first, so that a rebuild of dist/ or of the server during the run changes nothing here
// (the server hashes index.html's inline script for its CSP when it starts).

const work = mkdtempSync(join(tmpdir(), "appkeys-bench-browser-"));
const site = join(work, "site");
const dist = process.env.APPKEYS_DIST;
cpSync(dist, site, { recursive: true, filter: (src) => !src.includes("/.stage") });
cpSync(join(here, "vanilla"), join(site, "vanilla"), { recursive: true });
// The baseline links the page's two stylesheets, which the app's index.html carries inline.
for (const sheet of ["appkeys", "standalone"]) cpSync(join(here, "..", "style", `${sheet}.css`), join(site, "vanilla", `${sheet}.css`));
const siteOne = join(work, "site-one");
if (firstRowOnly) {
  const inline = (tag, file) => `<${tag}>${readFileSync(join(site, "vanilla", file), "utf8")}</${tag.split(" ")[0]}>`;
  const page = readFileSync(join(site, "vanilla", "index.html"), "utf8")
    .replace('<link rel="stylesheet" href="standalone.css">', inline("style", "standalone.css"))
    .replace('<link rel="stylesheet" href="appkeys.css">', inline("style", "appkeys.css"))
    .replace('<script type="module" src="app.js"></script>', inline('script type="module"', "app.js"));
  if (page.includes('src="app.js"') || page.includes("href=")) throw new Error("bench/vanilla/index.html: not all of it inlined");
  mkdirSync(siteOne, { recursive: true });
  writeFileSync(join(siteOne, "index.html"), page);
}
const siteB = join(work, "site-b");
if (distB) cpSync(distB, siteB, { recursive: true, filter: (src) => !src.includes("/.stage") });
const serverBin = join(work, "appkeys-server");
cpSync(process.env.APPKEYS_SERVER_BIN, serverBin);

// ---- servers: bench/server.mjs ----

/** Descriptions like a real account's; every 25th key has none (shown as "-"). */
const description = (i) => (i % 25 === 0 ? null : `${WORDS[i % WORDS.length]} key ${i}`);

// ---- what runs in the page ----

/** Installed before any script of the page. Everything it adds lives on window.__bench. */
function probe({ observeFirstRow, rows }) {
  const now = () => performance.now();
  const b = (window.__bench = { bodies: [], clicks: [], inputs: [], firstRowDom: null, wasm: null });
  // Dispatched by the release index.html (and by Trunk's loader, in a build of before issue 28).
  for (const started of ["appkeys:started", "TrunkApplicationStarted"]) {
    addEventListener(started, (event) => { b.wasm = event.detail?.wasm ?? null; });
  }

  // Which request a response answers, and when its body had been read (arrayBuffer for the app
  // through gloo-net, text for the baseline): decoding and rendering come after that moment.
  const requests = new WeakMap();
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const request = input instanceof Request ? input : null;
    const method = String(init?.method ?? request?.method ?? "GET").toUpperCase();
    const url = request ? request.url : String(new URL(input, location.href));
    return fetch0.call(this, input, init).then((response) => {
      requests.set(response, { method, path: new URL(url).pathname });
      return response;
    });
  };
  for (const name of ["arrayBuffer", "json", "text"]) {
    const read = Response.prototype[name];
    Response.prototype[name] = function () {
      const request = requests.get(this);
      return read.call(this).then((value) => {
        if (request) b.bodies.push({ ...request, at: now() });
        return value;
      });
    };
  }

  // Resolves with the time just after the first frame in which `done()` holds has been rendered:
  // checked in requestAnimationFrame, then a message posted from there runs after that frame's
  // style, layout and paint.
  b.whenPainted = (done) => new Promise((resolve) => {
    const tick = () => {
      if (!done()) return requestAnimationFrame(tick);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(now());
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(tick);
  });
  b.tbody = () => document.querySelector("table.ak-table > tbody");
  b.rowCount = () => b.tbody()?.rows.length ?? 0;
  b.countText = () => document.querySelector(".ak-toolbar__count")?.textContent.trim() ?? "";
  // The toolbar's count: "50 keys" (or "50 of 20000 keys" with a backend's limit) while the
  // filter is empty, "3 of 50 keys" (or "3 shown · 50 of 20000 keys") while it filters.
  b.count = () => {
    // "1,000 of 20,000 keys": the page writes numbers from 1,000 with separators (en-US here).
    const numbers = (b.countText().match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replaceAll(",", "")));
    const filtering = (document.querySelector(".ak-filter__input")?.value ?? "") !== "";
    return { shown: numbers[0], total: filtering ? numbers[1] : numbers[0] };
  };
  // A page may render a long list in batches (the app renders the first rows and a placeholder
  // standing for the rest): then "rendered" means its first rows are painted and the count says n.
  b.listShown = (n) => b.rowCount() === n || (b.rowCount() > 0 && b.count().total === n);

  if (observeFirstRow) {
    // Only on the small list: a subtree observer records every inserted node, a cost that would
    // fall on a page that inserts rows one by one.
    const observer = new MutationObserver(() => {
      if (document.querySelector("tr[data-client-id]")) {
        b.firstRowDom = now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    b.firstRow = b.whenPainted(() => document.querySelector("tr[data-client-id]") !== null);
  }
  b.listDone = b.whenPainted(() => b.listShown(rows));

  addEventListener("click", (event) => {
    b.clicks.push({ at: now(), confirm: Boolean(event.target.closest?.(".ak-dialog .ak-btn--danger")) });
  }, true);
  addEventListener("input", () => b.inputs.push(now()), true);

  // 6. A dialog opened: done when `selector` is in the DOM and painted.
  b.armOpen = (selector, title) => {
    b.clicks = [];
    b.openDone = b.whenPainted(() => document.querySelector(selector)?.textContent.trim() === title);
  };
  // Resolves once the dialogs' chunks (split_*.wasm) are fetched and the browser is idle again
  // (they are instantiated); at once for a build without chunks.
  b.chunksFetched = (count) => new Promise((resolve) => {
    const names = () => performance.getEntriesByType("resource").map((entry) => entry.name);
    const check = () => {
      const loaded = names();
      const split = loaded.filter((name) => /\/split_\w+\.wasm$/.test(name)).length;
      if (!loaded.some((name) => name.endsWith("/__wasm_split.js")) || split >= count) {
        observer.disconnect();
        requestIdleCallback(() => resolve(now()));
      }
    };
    const observer = new PerformanceObserver(check);
    observer.observe({ type: "resource", buffered: true });
    check();
  });

  b.armDelete = (clientId) => {
    const row = document.querySelector(`tr[data-client-id="${CSS.escape(clientId)}"]`);
    const { total } = b.count();
    b.clicks = [];
    b.bodies = [];
    b.deleteDone = b.whenPainted(() => !row.isConnected && b.count().total === total - 1);
  };
  // `expected` keys of `total` match (counted from the server's list): done when the count says
  // so and every row in the DOM matches (all of them, or the first batch of them).
  b.armFilter = (needle, expected, total) => {
    const text = (row, selector) => row.querySelector(selector).textContent.toLowerCase();
    const matches = (row) => text(row, ".ak-cell-description").includes(needle) || text(row, ".ak-cell-client-id code").includes(needle);
    b.inputs = [];
    b.filterDone = b.whenPainted(() => b.count().shown === expected && b.count().total === total && b.rowCount() > 0
      && (b.rowCount() === expected || [...b.tbody().rows].every(matches)));
  };
}

// unref: a pending timeout must not keep node running once the report is written.
const withTimeout = (promise, what) => Promise.race([promise, new Promise((_, reject) =>
  setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS).unref())]);

/** A signed-in context and a throttled page with the probe, not yet navigated. */
async function openPage(browser, server, rows, observeFirstRow) {
  const context = await browser.newContext({ baseURL: server.origin, locale: "en-US", timezoneId: "UTC" });
  const signedIn = await context.request.post("/api/1.0/session", { data: { username: "alice", password } });
  if (!signedIn.ok()) throw new Error(`sign-in: ${signedIn.status()}`);
  await context.addInitScript(probe, { observeFirstRow, rows });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  return { context, page, cdp };
}

const URLS = { app: "/application-keys", app_b: "/application-keys", vanilla: "/vanilla/", vanilla_one: "/" };

function listBodyAt(bodies) {
  const body = bodies.find((b) => b.method === "GET" && b.path.endsWith("/application-keys"));
  if (!body) throw new Error("the list's response body was never read");
  return body.at;
}

/** Where the first visit's time went: when the script and the wasm had arrived, when the first
 * API request and the list request left, when the list had arrived, and the first row painted
 * (ms from navigation start, from the browser's resource timing). */
async function timeline(page, painted) {
  const entries = await page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })));
  const find = (test) => entries.find((e) => test(e.path));
  const api = entries.filter((e) => e.path.includes("/api/"));
  const list = find((path) => path.endsWith("/application-keys"));
  return {
    script_loaded: find((path) => path.endsWith(".js"))?.end ?? null,
    wasm_loaded: find((path) => path.endsWith(".wasm"))?.end ?? null,
    first_api_request: api.length ? Math.min(...api.map((e) => e.start)) : null,
    list_request: list?.start ?? null,
    list_arrived: list?.end ?? null,
    first_row: painted,
  };
}

/** 1. Navigation start (performance.now() = 0) to the first key row in the DOM and painted. */
async function firstRow(browser, server, variant) {
  const { context, page } = await openPage(browser, server, SIZES.first, true);
  const visit = async () => {
    await page.goto(URLS[variant], { waitUntil: "commit" });
    const painted = await withTimeout(page.evaluate(() => window.__bench.firstRow), `${variant} first row`);
    await withTimeout(page.evaluate(() => window.__bench.listDone), `${variant} 50 rows`);
    return { painted, dom: await page.evaluate(() => window.__bench.firstRowDom), timeline: await timeline(page, painted) };
  };
  const first = await visit();
  const repeat = await visit(); // same context: HTTP and code caches warm
  await context.close();
  return { first, repeat };
}

/** 2. From the list's bytes read to all rows in the DOM and painted. */
async function listRender(browser, server, variant, rows, page0) {
  const opened = page0 ?? (await openPage(browser, server, rows, false));
  const { page } = opened;
  await page.goto(URLS[variant], { waitUntil: "commit" });
  const done = await withTimeout(page.evaluate(() => window.__bench.listDone), `${variant} ${rows} rows`);
  const bodies = await page.evaluate(() => window.__bench.bodies);
  return { opened, render: done - listBodyAt(bodies), painted: done };
}

/** 5. Heap after a full GC plus wasm linear memory, with all rows rendered. */
async function memory(page, cdp) {
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer.byteLength ?? 0);
  return { js_heap_bytes: heap.usedSize, embedder_heap_bytes: heap.embedderHeapUsedSize ?? null, wasm_bytes: wasm,
    total_bytes: heap.usedSize + wasm, dom_nodes: dom.nodes, listeners: dom.jsEventListeners };
}

/** The dialogs measured by 6: what opens each, and what shows it is open. */
const DIALOGS = {
  create: { click: (page) => page.getByRole("button", { name: "New secret" }).click(),
    shown: "[role=dialog] .ak-dialog__title", title: "New secret" },
  delete: { click: (page) => page.locator("tr[data-client-id] .ak-cell-actions button.ak-btn--danger-ghost").first().click(),
    shown: "[role=alertdialog] .ak-dialog__title", title: "Delete this key?" },
  // Not a dialog: a key's page (issue 30), opened by the first row's link; its heading is the
  // key's description.
  key_page: { click: (page) => page.locator("tr[data-client-id] a.ak-key-link").first().click(),
    shown: "h1.ak-title", title: null },
};
/** The lazy views' chunks the page prefetches: five dialogs, a key's page, the activity. */
const DIALOG_CHUNKS = 7;

/** The heading of the first row's key page: its description, or its Client ID when it has none
 * (the row shows "-"; every 25th key, and the parallel seeding may make one of them the newest). */
async function keyPageHeading(page) {
  const row = page.locator("tr[data-client-id]").first();
  const shown = (await row.locator("a.ak-key-link").innerText()).trim();
  return shown === "-" ? await row.getAttribute("data-client-id") : shown;
}

/** 6. A dialog opened for the first time, cold (a new context): from the click to the dialog
 * painted, clicked as soon as the first row is painted, or once the dialogs' code is fetched. */
async function openDialog(browser, server, variant, dialog, prefetched) {
  const { context, page } = await openPage(browser, server, SIZES.first, true);
  await page.goto(URLS[variant], { waitUntil: "commit" });
  await withTimeout(page.evaluate(() => window.__bench.firstRow), `${variant} first row`);
  if (prefetched) await withTimeout(page.evaluate((n) => window.__bench.chunksFetched(n), DIALOG_CHUNKS), `${variant} chunks`);
  const { shown } = DIALOGS[dialog];
  const title = DIALOGS[dialog].title ?? (await keyPageHeading(page));
  await page.evaluate(([selector, text]) => window.__bench.armOpen(selector, text), [shown, title]);
  await DIALOGS[dialog].click(page);
  const done = await withTimeout(page.evaluate(() => window.__bench.openDone), `${variant} ${dialog} dialog`);
  const clicks = await page.evaluate(() => window.__bench.clicks);
  await context.close();
  if (!clicks.length) throw new Error(`${variant} ${dialog}: no click seen`);
  return done - clicks[0].at;
}

/** 3. Delete the middle row: from the DELETE answer's body read (and from the confirm click) to the row gone and painted. */
async function deleteRow(page, server, variant) {
  const clientId = await page.evaluate(() => {
    const rows = window.__bench.tbody().rows;
    return rows[Math.floor(rows.length / 2)].dataset.clientId;
  });
  // The row's Delete button (the app's rows also have Rotate, and Rename by the description).
  await page.locator(`tr[data-client-id="${clientId}"] .ak-cell-actions button.ak-btn--danger-ghost`).click();
  const confirm = page.locator(".ak-dialog .ak-btn--danger");
  await confirm.waitFor();
  await page.waitForTimeout(300); // dialog animation over, focus settled
  await page.evaluate((id) => window.__bench.armDelete(id), clientId);
  await confirm.click();
  const done = await withTimeout(page.evaluate(() => window.__bench.deleteDone), `${variant} delete`);
  const { bodies, clicks } = await page.evaluate(() => ({ bodies: window.__bench.bodies, clicks: window.__bench.clicks }));
  const answered = bodies.find((b) => b.method === "DELETE");
  const clicked = clicks.find((c) => c.confirm);
  if (!answered || !clicked) throw new Error(`${variant} delete: no DELETE body or confirm click seen`);
  // Back to 10,000 keys for the next page.
  await api(server.base, "/application-keys", { token: server.token, method: "POST", body: { description: "replacement key" } });
  return { after_response: done - answered.at, after_click: done - clicked.at };
}

/** 4. One keystroke in the filter box: from the input event to the narrowed list painted. */
async function filterKeystroke(page, server, variant) {
  const input = page.locator("input[type=search]");
  await input.focus();
  await page.waitForTimeout(200);
  // The page's list is the server's minus the deleted key (the replacement came after it loaded).
  const total = await page.evaluate(() => window.__bench.count().total);
  const shownIds = new Set(await page.evaluate(() => [...window.__bench.tbody().rows].map((r) => r.dataset.clientId)));
  const { list } = await api(server.base, "/application-keys", { token: server.token });
  const known = list.filter((k) => k.description !== "replacement key" || shownIds.has(k.client_id));
  if (known.length !== total) throw new Error(`${variant}: the page counts ${total} keys, the server lists ${known.length}`);
  const expected = known.filter((k) => k.client_id.toLowerCase().includes(FILTER_KEY)
    || (k.description ?? "").toLowerCase().includes(FILTER_KEY)).length;
  const before = await page.evaluate(() => window.__bench.rowCount());
  await page.evaluate(([needle, e, t]) => window.__bench.armFilter(needle, e, t), [FILTER_KEY, expected, total]);
  await page.keyboard.press(FILTER_KEY);
  const done = await withTimeout(page.evaluate(() => window.__bench.filterDone), `${variant} filter`);
  const { inputs, after } = await page.evaluate(() => ({ inputs: window.__bench.inputs, after: window.__bench.rowCount() }));
  return { ms: done - inputs[0], rows_before: before, rows_after: after, matches: expected };
}

// ---- run ----

const stats = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: xs };
};

const loadBefore = loadavg()[0];
const git = (...args) => { try { return execFileSync("git", args, { cwd: here, encoding: "utf8" }).trim(); } catch { return null; } };
// What was built: the tree when the run starts (xtask builds dist/ just before).
const build = { commit: git("rev-parse", "--short", "HEAD"),
  uncommitted_app_changes: Boolean(git("status", "--porcelain", "--", "../src", "../style", "../index.html", "../Cargo.toml", "../Cargo.lock")) };
const servers = {};
for (const [name, keys] of Object.entries(SIZES)) {
  if ((firstRowOnly || dialogsOnly) && name !== "first") continue;
  servers[name] = await startServer(serverBin, { db: join(work, `${name}.db`), password, args: ["--static", site, "--max-keys", "20000"] });
  servers[name].keys = keys;
}
if (firstRowOnly) {
  // Its own server: the CSP admits the inline script and styles of the index.html it serves.
  servers.one = await startServer(serverBin, { db: join(work, "one.db"), password, args: ["--static", siteOne] });
  servers.one.keys = SIZES.first;
}
if (distB) {
  servers.b = await startServer(serverBin, { db: join(work, "b.db"), password, args: ["--static", siteB, "--max-keys", "20000"] });
  servers.b.keys = SIZES.first;
}
console.log(`Seeding ${Object.values(servers).map((server) => server.keys).join(", ")} keys…`);
await Promise.all(Object.values(servers).map(async (server) => {
  server.token = await signIn(server.base, password);
  await createKeys(server.base, server.token, server.keys, description);
}));

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--enable-precise-memory-info"],
});
const chromiumVersion = browser.version();

const samples = Object.fromEntries(VARIANTS.map((variant) => [variant, {}]));
const extra = Object.fromEntries(VARIANTS.map((variant) => [variant, {}]));
const push = (variant, metric, value) => (samples[variant][metric] ??= []).push(value);
const keep = (variant, key, value) => (extra[variant][key] ??= []).push(value);

try {
  for (let run = 1; run <= RUNS; run += 1) {
    for (const variant of VARIANTS) {
      const started = performance.now();
      const server = { app_b: servers.b, vanilla_one: servers.one }[variant] ?? servers.first;
      if (dialogsOnly) {
        const line = [];
        for (const dialog of Object.keys(DIALOGS)) {
          if (dialog !== "delete" && variant === "vanilla") continue; // the baseline only deletes
          for (const prefetched of [false, true]) {
            const ms = await openDialog(browser, server, variant, dialog, prefetched);
            push(variant, `open_${dialog}_${prefetched ? "prefetched" : "cold"}`, ms);
            line.push(`${dialog} ${prefetched ? "prefetched" : "cold"} ${ms.toFixed(0)} ms`);
          }
        }
        console.log(`run ${run}/${RUNS} ${variant.padEnd(7)} ${line.join(", ")}`);
        continue;
      }
      const first = await firstRow(browser, server, variant);
      push(variant, "first_row", first.first.painted);
      push(variant, "first_row_repeat", first.repeat.painted);
      keep(variant, "first_row_in_dom", first.first.dom);
      keep(variant, "first_visit_timeline", first.first.timeline);
      if (firstRowOnly) {
        console.log(`run ${run}/${RUNS} ${variant.padEnd(7)} first row ${first.first.painted.toFixed(0)} ms, repeat ${first.repeat.painted.toFixed(0)} ms`);
        continue;
      }

      const mid = await listRender(browser, servers.mid, variant, SIZES.mid);
      push(variant, "render_1000", mid.render);
      await mid.opened.context.close();

      const large = await listRender(browser, servers.large, variant, SIZES.large);
      push(variant, "render_10000", large.render);
      keep(variant, "load_to_10000_rows", large.painted);
      keep(variant, "rows_rendered_of_10000", await large.opened.page.evaluate(() => window.__bench.rowCount()));
      const mem = await memory(large.opened.page, large.opened.cdp);
      push(variant, "memory_10000", mem.total_bytes / 2 ** 20);
      push(variant, "memory_dom_10000", (mem.total_bytes + (mem.embedder_heap_bytes ?? 0)) / 2 ** 20);
      keep(variant, "memory_detail", mem);
      const del = await deleteRow(large.opened.page, servers.large, variant);
      push(variant, "delete_10000", del.after_response);
      push(variant, "delete_click_10000", del.after_click);
      const filter = await filterKeystroke(large.opened.page, servers.large, variant);
      push(variant, "filter_10000", filter.ms);
      keep(variant, "filter_rows", `${filter.rows_before}→${filter.rows_after}`);
      await large.opened.context.close();
      const f = (x) => x.toFixed(0);
      console.log(`run ${run}/${RUNS} ${variant.padEnd(7)} first row ${f(first.first.painted)} ms, render 1k ${f(mid.render)} ms, `
        + `10k ${f(large.render)} ms, delete ${del.after_response.toFixed(1)} ms, filter ${filter.ms.toFixed(1)} ms, `
        + `memory ${(mem.total_bytes / 2 ** 20).toFixed(1)} MiB (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
} finally {
  await browser.close();
  for (const server of Object.values(servers)) await stop(server.child);
  rmSync(work, { recursive: true, force: true });
}

// ---- report ----

if (dialogsOnly) {
  console.log(`\n6. A dialog opened for the first time, click → painted, ${THROTTLE}x CPU, medians of ${RUNS} (min–max), ms:`);
  for (const variant of VARIANTS) {
    for (const [id, values] of Object.entries(samples[variant])) {
      const { median, min, max } = stats(values);
      console.log(`  ${variant.padEnd(7)} ${id.padEnd(24)} ${median.toFixed(1)} (${min.toFixed(1)}–${max.toFixed(1)})`);
    }
  }
  if (distB) console.log(`app_b: ${distB}`);
  process.exit(0);
}

if (firstRowOnly) {
  const median = (variant, id) => stats(samples[variant][id]).median;
  for (const id of ["first_row", "first_row_repeat"]) {
    const [app, vanilla] = [median("app", id), median("vanilla", id)];
    console.log(`${id}: app ${app.toFixed(1)} ms, baseline ${vanilla.toFixed(1)} ms, ${(app / vanilla).toFixed(2)}x (median of ${RUNS})`);
    if (distB) {
      const b = median("app_b", id);
      console.log(`${id}: app_b (${distB}) ${b.toFixed(1)} ms, ${(b / vanilla).toFixed(2)}x the baseline, ${b >= app ? "+" : ""}${(b - app).toFixed(1)} ms against app`);
    }
    const one = median("vanilla_one", id);
    console.log(`${id}: the baseline as one file ${one.toFixed(1)} ms: app ${(app / one).toFixed(2)}x${distB ? `, app_b ${(median("app_b", id) / one).toFixed(2)}x` : ""}`);
  }
  const steps = ["script_loaded", "wasm_loaded", "first_api_request", "list_request", "list_arrived", "first_row"];
  for (const variant of VARIANTS) {
    const timeline = extra[variant].first_visit_timeline;
    const row = steps.map((key) => {
      const values = timeline.map((t) => t[key]).filter((v) => v !== null);
      return `${key} ${values.length ? stats(values).median.toFixed(0) : "-"}`;
    });
    console.log(`${variant} timeline (medians, ms): ${row.join(", ")}`);
  }
  process.exit(0);
}

const METRICS = [
  { id: "first_row", label: "1. Navigation → first key row painted, 50 keys (first visit)", unit: "ms", goal: { ratio: 1.25 } },
  { id: "first_row_repeat", label: "1. Same, repeat visit (caches warm)", unit: "ms" },
  { id: "render_1000", label: "2. List data read → 1,000 rows painted", unit: "ms" },
  { id: "render_10000", label: "2. List data read → 10,000 rows painted", unit: "ms", goal: { ratio: 1.5 } },
  { id: "delete_10000", label: "3. Delete in 10,000 rows: DELETE answer read → row gone, painted", unit: "ms", goal: { max: 16 } },
  { id: "delete_click_10000", label: "3. Same, from the confirm click (includes the server)", unit: "ms" },
  { id: "filter_10000", label: `4. Filter keystroke ("${FILTER_KEY}") at 10,000 rows → list painted`, unit: "ms", goal: { max: 50 } },
  { id: "memory_10000", label: "5. JS heap + wasm memory, 10,000 rows (after GC)", unit: "MiB", goal: { ratio: 2 } },
  { id: "memory_dom_10000", label: "5. Same plus Blink's heap (the DOM: embedderHeapUsedSize)", unit: "MiB" },
];

const results = METRICS.map((m) => {
  const app = stats(samples.app[m.id]);
  const vanilla = stats(samples.vanilla[m.id]);
  const ratio = app.median / vanilla.median;
  let met = null;
  if (m.goal?.ratio) met = ratio <= m.goal.ratio;
  if (m.goal?.max) met = app.median <= m.goal.max;
  return { ...m, app, vanilla, ratio, met };
});
const memDetail = (variant) => {
  const details = extra[variant].memory_detail;
  const med = (key) => stats(details.map((d) => d[key] ?? 0)).median;
  return { js_heap_mib: med("js_heap_bytes") / 2 ** 20, wasm_mib: med("wasm_bytes") / 2 ** 20,
    embedder_heap_mib: med("embedder_heap_bytes") / 2 ** 20, dom_nodes: med("dom_nodes"), listeners: med("listeners") };
};
const detail = { app: memDetail("app"), vanilla: memDetail("vanilla") };

const machine = `${cpus().length} × ${cpus()[0].model.trim()}`;
const load = { before: loadBefore, after: loadavg()[0] };
const fmt = (s) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
const goalText = (m) => (m.goal?.ratio ? `≤ ${m.goal.ratio}× baseline` : m.goal?.max ? `≤ ${m.goal.max} ms` : "–");
const rows = results.map((r) => `| ${r.label} | ${r.unit} | ${fmt(r.app)} | ${fmt(r.vanilla)} | ${r.ratio.toFixed(2)}× | ${goalText(r)} | ${r.met === null ? "–" : r.met ? "yes" : "**no**"} |`);
const table = [
  `Browser benchmark: the app (Leptos/wasm, release bundle) against the plain-JS baseline (bench/vanilla/), `
  + `${RUNS} runs each, alternating, median (min–max).`,
  `Headless Chromium ${chromiumVersion} (Debian), CPU throttled ${THROTTLE}× (CDP Emulation.setCPUThrottlingRate), `
  + `reference server on loopback, ${machine} (1-min load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after). `
  + `Each page in a fresh signed-in context (cold caches) unless noted. App built from ${build.commit}`
  + `${build.uncommitted_app_changes ? " plus uncommitted changes" : ""}.`,
  "",
  "| Measure | Unit | App | Baseline | App/baseline | Goal | Met |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  "",
  `Memory detail (medians, 10,000 rows): app JS heap ${detail.app.js_heap_mib.toFixed(1)} MiB + wasm ${detail.app.wasm_mib.toFixed(1)} MiB, `
  + `baseline JS heap ${detail.vanilla.js_heap_mib.toFixed(1)} MiB; DOM nodes app ${detail.app.dom_nodes}, baseline ${detail.vanilla.dom_nodes}; `
  + `Blink (embedder) heap app ${detail.app.embedder_heap_mib.toFixed(1)} MiB, baseline ${detail.vanilla.embedder_heap_mib.toFixed(1)} MiB.`,
  `Rows in the DOM after loading 10,000 keys: app ${extra.app.rows_rendered_of_10000[0]}, baseline ${extra.vanilla.rows_rendered_of_10000[0]}; `
  + `after the filter keystroke: app ${extra.app.filter_rows[0]}, baseline ${extra.vanilla.filter_rows[0]}.`,
].join("\n");

const STEPS = [
  ["script_loaded", "script (.js) loaded"],
  ["wasm_loaded", "wasm loaded"],
  ["first_api_request", "first API request leaves"],
  ["list_request", "list request leaves"],
  ["list_arrived", "list arrived"],
  ["first_row", "first row painted"],
];
const step = (variant, key) => {
  const values = extra[variant].first_visit_timeline.map((t) => t[key]).filter((v) => v !== null);
  return values.length ? `${stats(values).median.toFixed(0)} ms` : "–";
};
const timelineTable = [
  "",
  "Timeline of the first visit at 50 keys, medians, ms from navigation start (resource timing):",
  "",
  "| Step | App | Baseline |",
  "|---|---:|---:|",
  ...STEPS.map(([key, label]) => `| ${label} | ${step("app", key)} | ${step("vanilla", key)} |`),
].join("\n");

writeFileSync(join(here, "results", "browser.json"), JSON.stringify({
  date: new Date().toISOString(), machine, load_average: load, build, chromium: chromiumVersion, cpu_throttling: THROTTLE, runs: RUNS,
  keys: SIZES, filter_key: FILTER_KEY,
  metrics: results.map(({ id, label, unit, goal, app, vanilla, ratio, met }) => ({ id, label, unit, goal: goal ?? null, app, vanilla, ratio, met })),
  memory_detail: detail,
  extra,
}, null, 2) + "\n");
writeFileSync(join(here, "results", "browser.md"), table + "\n" + timelineTable + "\n");
console.log(`\n${table}\n${timelineTable}`);
