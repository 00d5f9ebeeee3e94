// A benchmark, not a test: `node tests/e2e/peers.mjs` (after ./build.sh and npm ci).
//
// trackq (dist/ and dist/kmq/) beside its peers' real browser SDKs, the bundles the vendors
// publish in their npm packages (devDependencies, versions pinned in package-lock.json), each
// served by the recording server with its endpoints pointed at it (headless Chromium has no
// internet here). For each SDK, in a browser context of its own:
//   1. load its page, wait until the SDK is ready and 1.5 s more (start-up requests done);
//   2. call its track 1,000 times in one task of the page (a timer), `track('Bench Event',
//      {i, plan: 'Pro'})` or what the SDK calls it, timing the loop with performance.now();
//   3. from the loop's start to 3 s after (or to the loop's end, if it takes longer): the
//      main thread's busy time (Chromium's TaskDuration through CDP), the 'longtask' entries
//      a PerformanceObserver sees, and the requests the server received (POSTs to any path)
//      with their body bytes;
//   4. wait until no request came for 2 s (at most 20 s) and divide all body bytes since the
//      loop's start by 1,000: bytes per event (the peers' bodies are not decoded, so their
//      event counts are not checked; trackq's are, see bench.mjs).
// The SDK's size is brotli -q 11 of every script file the page downloaded from its mounts
// (the bundle and any chunk it loaded lazily). Prints one markdown table on stdout, and on
// stderr each SDK's files, requests and page errors. `node tests/e2e/peers.mjs NAME` runs
// the SDKs whose name contains NAME.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { DIST, ROOT, startRecorder } from './recorder.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, closeContext } from './browser.mjs';
import { pageHtml, sleep } from './test_page.mjs';
import { LONGTASKS, brotliOfFiles, busyClock } from './measure.mjs';
import { N, SDKS, pkgFile, pkgVersion } from './peers/sdks.mjs';

const WINDOW_MS = 3000;
const QUIET_MS = 2000;
const QUIET_CAP_MS = 20000;
const SETTLE_MS = 1500;

/** One SDK's row: its figures, or the reason it failed. */
async function measure(browser, userAgent, sdk, files) {
  const rec = await startRecorder();
  const context = await browser.newContext({ userAgent });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    const head = LONGTASKS + sdk.setup(rec, files);
    const url = rec.page('/peer.html', pageHtml({ title: sdk.name, head }));
    await page.goto(url);
    if (sdk.wait) await sdk.wait(page);
    else await page.waitForFunction(sdk.ready, null, { timeout: 15000, polling: 50 });
    await sleep(SETTLE_MS);
    const scripts = [...new Set(rec.served.map((s) => s.file))];
    if (sdk.pkg === undefined) scripts.push(...['trackq.js', 'trackq_bg.wasm'].map((f) => path.join(sdk.dist, f)));
    const size = brotliOfFiles(scripts);

    const busyNow = await busyClock(page);
    const lt0 = await page.evaluate(() => ({ ...window.__longtask }));
    const posts = () => [...rec.requests, ...rec.others];
    const busy0 = await busyNow();
    const start = Date.now();
    // The loop runs in a task of the page's own (a timer), as a site's code would.
    const loopMs = await page.evaluate(
      (n) => new Promise((resolve) => setTimeout(() => resolve(window.__bench(n)), 0)),
      N,
    );
    await sleep(Math.max(0, start + WINDOW_MS - Date.now()));
    const busyMs = (await busyNow()) - busy0;
    const lt1 = await page.evaluate(() => ({ ...window.__longtask }));
    const inWindow = posts().filter((r) => r.time >= start && r.time <= start + WINDOW_MS);

    const sinceStart = () => posts().filter((r) => r.time >= start);
    const capAt = Date.now() + QUIET_CAP_MS;
    let last = sinceStart().length;
    let quietSince = Date.now();
    while (Date.now() < capAt && Date.now() - quietSince < QUIET_MS) {
      await sleep(200);
      if (sinceStart().length !== last) {
        last = sinceStart().length;
        quietSince = Date.now();
      }
    }
    const all = sinceStart();
    if (process.env.PEERS_DEBUG) {
      const paths = {};
      for (const r of posts()) paths[r.path] = (paths[r.path] || 0) + 1;
      console.error(sdk.name, JSON.stringify(paths), rec.served.map((s) => s.path).join(' '));
    }
    const sum = (rs) => rs.reduce((n, r) => n + r.size, 0);
    return {
      size,
      scripts: scripts.map((f) => path.basename(f)),
      loopMs,
      busyMs,
      longCount: lt1.count - lt0.count,
      longMs: lt1.ms - lt0.ms,
      requests: inWindow.length,
      bodyBytes: sum(inWindow),
      allRequests: all.length,
      allBytes: sum(all),
      quiet: Date.now() - quietSince >= QUIET_MS,
      errors,
    };
  } catch (e) {
    return { failed: String(e).split('\n')[0], errors };
  } finally {
    await closeContext(context).catch(() => {});
    await rec.close();
  }
}

async function main() {
  for (const sub of ['', 'kmq']) {
    const f = path.join(DIST, sub, 'trackq_bg.wasm');
    if (!existsSync(f)) throw new Error(`${f} is missing: run ./build.sh first`);
  }
  SDKS[0].dist = DIST;
  SDKS[1].dist = path.join(DIST, 'kmq');
  const only = process.argv[2];
  const sdks = only ? SDKS.filter((s) => s.name.toLowerCase().includes(only.toLowerCase())) : SDKS;

  // RudderStack's bundle as terser minifies it (target/ is the build's scratch folder).
  const files = {};
  const rudderSrc = pkgFile('@rudderstack/analytics-js', 'dist/npm/modern/bundled/umd/index.js');
  const { code } = await minify(readFileSync(rudderSrc, 'utf8'), { compress: true, mangle: true });
  files.rudder = path.join(ROOT, 'target', 'peers', 'rsa.min.js');
  mkdirSync(path.dirname(files.rudder), { recursive: true });
  writeFileSync(files.rudder, code);

  // Some SDKs drop events from an automated browser (navigator.webdriver) or a headless
  // one (the user agent): every page gets neither, trackq's too.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-blink-features=AutomationControlled'],
  });
  const rows = [];
  try {
    const probe = await browser.newContext();
    const ua = await (await probe.newPage()).evaluate(() => navigator.userAgent);
    await probe.close();
    const userAgent = ua.replace('HeadlessChrome', 'Chrome');
    for (const sdk of sdks) {
      const r = await measure(browser, userAgent, sdk, files);
      const version = sdk.pkg ? pkgVersion(sdk.pkg) : sdk.version();
      rows.push({ sdk, version, r });
      const said = r.failed
        ? `failed: ${r.failed}`
        : `files ${r.scripts.join(', ')}; ${r.allRequests} requests, ${r.allBytes} B until quiet${r.quiet ? '' : ' (still sending at 20 s)'}`;
      console.error(`${sdk.name} ${version}: ${said}${r.errors.length ? `; page errors: ${r.errors.slice(0, 3).join(' | ')}` : ''}`);
    }
  } finally {
    await browser.close();
  }

  const n0 = (x) => Math.round(x).toLocaleString('en-US');
  console.log(
    `| SDK (version) | files the page downloaded | brotli (B) | push loop (ms) | main thread busy, 3 s (ms) | long tasks, 3 s | requests, 3 s | body bytes, 3 s | B/event (all bodies until quiet / ${N}) |`,
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { sdk, version, r } of rows) {
    if (r.failed) {
      console.log(`| ${sdk.name} ${version} | failed: ${r.failed} ||||||||`);
      continue;
    }
    console.log(
      `| ${sdk.name} ${version} | ${r.scripts.join(', ')} | ${n0(r.size)} | ${r.loopMs.toFixed(1)} | ${n0(r.busyMs)} | ` +
        `${r.longCount} (${n0(r.longMs)} ms) | ${r.requests} | ${n0(r.bodyBytes)} | ` +
        `${(r.allBytes / N).toFixed(0)}${r.quiet ? '' : ' (still sending)'} |`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
