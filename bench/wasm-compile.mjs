// What a kilobyte of wasm costs before the first row: `WebAssembly.compile` of the app's release
// .wasm in Debian Chromium with the CPU throttled 4x (as `cargo xtask bench browser`), 15 times,
// each time with a different byte in an added custom section so that V8 cannot reuse an earlier
// compile. Prints the median and the cost per raw and per brotli kilobyte.
//
//   node bench/wasm-compile.mjs dist/appkeys-*_bg.wasm
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const file = process.argv[2];
const wasm = readFileSync(file);
const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const browser = await chromium.launch({ executablePath: process.env.APPKEYS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] });
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await page.evaluate((base64) => {
  window.__wasm = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}, wasm.toString('base64'));

/** Compiles the module RUNS times, `how` being "async" (WebAssembly.compile, as the page's
 * instantiateStreaming, partly off the main thread) or "sync" (new WebAssembly.Module, all on the
 * throttled main thread: the upper bound). */
async function measure(how) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    times.push(
      await page.evaluate(
        async ([run, how]) => {
          // A custom section (id 0) named "r" holding the run number: other bytes, same code.
          const extra = new Uint8Array([0, 3, 1, 0x72, run & 0x7f]);
          const bytes = new Uint8Array(window.__wasm.length + extra.length);
          bytes.set(window.__wasm);
          bytes.set(extra, window.__wasm.length);
          const start = performance.now();
          if (how === 'sync') new WebAssembly.Module(bytes);
          else await WebAssembly.compile(bytes);
          return performance.now() - start;
        },
        [run + (how === 'sync' ? 64 : 0), how],
      ),
    );
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${how.padEnd(5)} compile at 4x, ${RUNS} runs: median ${median.toFixed(1)} ms ` +
      `(${times[0].toFixed(1)}-${times[times.length - 1].toFixed(1)}); ` +
      `${((median / (brotli / 1024)) * 10).toFixed(1)} ms per 10 KB brotli`,
  );
}

console.log(`${file}: ${wasm.length} B raw, ${brotli} B brotli`);
await measure('async');
await measure('sync');
await browser.close();
