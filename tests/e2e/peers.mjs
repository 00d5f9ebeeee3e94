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
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';
import { LONGTASKS, brotliOfFiles, busyClock } from './measure.mjs';

const N = 1000;
const WINDOW_MS = 3000;
const QUIET_MS = 2000;
const QUIET_CAP_MS = 20000;
const SETTLE_MS = 1500;
/** A file inside an installed npm package (node_modules/, as `npm ci` lays it out). */
const pkgFile = (pkg, rel) => path.join(ROOT, 'node_modules', pkg, rel);
const pkgVersion = (pkg) => JSON.parse(readFileSync(pkgFile(pkg, 'package.json'), 'utf8')).version;

/** Defines window.__bench(n): the loop, timed; `call` is the body run for each i. */
const benchFn = (call) => `<script>
  window.__bench = function (n) {
    var t0 = performance.now();
    for (var i = 0; i < n; i++) { ${call} }
    return performance.now() - t0;
  };
</script>`;

const posthog = (raised) => ({
  // dist/array.js: the file PostHog's snippet loads from its assets host
  // (`/static/array.js`); the extensions it loads lazily come from the same /static/ (it
  // asks for surveys.js at /static/<version>/ first, which answers 404 here, then there).
  // By default its client rate limit (10 events/s, bursts of 100) drops all but about 100
  // of the 1,000: measured so, and with the limit raised so that it sends them all.
  name: `PostHog \`posthog-js\`${raised ? ', rate limit raised to 1,000' : ''}`,
  pkg: 'posthog-js',
  setup: (rec) => {
    rec.serve('/static/', pkgFile('posthog-js', 'dist'));
    // The project's remote config, as PostHog's servers answer for a project with nothing
    // but event capture on: it says which compression the server takes (without it the
    // SDK sends plain JSON).
    const config = {
      token: 'phc_bench',
      supportedCompression: ['gzip', 'gzip-js'],
      hasFeatureFlags: false,
      autocapture_opt_out: true,
      sessionRecording: false,
      heatmaps: false,
      surveys: false,
      captureDeadClicks: false,
      capturePerformance: false,
      autocaptureExceptions: false,
    };
    rec.page('/array/phc_bench/config', config);
    rec.page(
      '/array/phc_bench/config.js',
      `(window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {}).phc_bench = ${JSON.stringify({ config, siteApps: [] })};`,
    );
    return (
      `<script src="/static/array.js"></script>
<script>posthog.init('phc_bench', {
api_host: location.origin,
${raised ? `rate_limiting: { events_per_second: ${N}, events_burst_limit: ${N} },` : ''}
});</script>` +
      benchFn(`posthog.capture('Bench Event', { i: i, plan: 'Pro' });`)
    );
  },
  ready: () => !!(window.posthog && window.posthog.__loaded),
});

const rudderstack = (raised) => ({
  // dist/npm/modern/bundled/umd/index.js: the package's browser bundle with its plugins
  // built in (the CDN's rsa.min.js loads the same plugins from the CDN, which is out of
  // reach here). It is not minified in the package, so it is served as terser minifies it.
  // Its queue keeps 100 events by default and drops the rest of a burst (200 of the 1,000
  // arrived when tried): measured so, and with the queue raised so that it sends them all.
  name: `RudderStack \`@rudderstack/analytics-js\`${raised ? ', queue raised to 1,000' : ''}`,
  pkg: '@rudderstack/analytics-js',
  setup: (rec, files) => {
    rec.serve('/rudder/rsa.min.js', files.rudder);
    rec.page('/sourceConfig/', {
      isHosted: true,
      source: {
        id: 'bench',
        name: 'bench',
        writeKey: 'WRITE_KEY',
        workspaceId: 'bench',
        enabled: true,
        config: {},
        destinations: [],
      },
    });
    return (
      `<script src="/rudder/rsa.min.js"></script>
<script>window.ra = new rudderanalytics.RudderAnalytics();
ra.load('WRITE_KEY', location.origin, { configUrl: location.origin${raised ? `, queueOptions: { maxItems: ${N} }` : ''} });
ra.ready(function () { window.__raReady = true; });</script>` +
      benchFn(`ra.track('Bench Event', { i: i, plan: 'Pro' });`)
    );
  },
  ready: () => !!window.__raReady,
});

/**
 * Each SDK: `setup(rec)` mounts its files and returns the page's head; `ready` is a page
 * predicate (a function's source); `version` is what the row says.
 */
const SDKS = [
  {
    name: 'trackq `dist/`',
    version: () => 'this tree',
    setup: (rec) =>
      `<script>var _kmq = _kmq || [];</script>${snippetTag(rec)}` +
      benchFn(`window._kmq.push(['record', 'Bench Event', { i: i, plan: 'Pro' }]);`),
    wait: (page) => waitForSnippet(page),
  },
  {
    name: 'trackq `dist/kmq/`',
    version: () => 'this tree',
    setup: (rec) =>
      `<script>var _kmq = _kmq || [];</script>` +
      `<script async src="/trackq/kmq/trackq.js" data-endpoint="${rec.endpoint}" data-key="WRITE_KEY"></script>` +
      benchFn(`window._kmq.push(['record', 'Bench Event', { i: i, plan: 'Pro' }]);`),
    wait: (page) => waitForSnippet(page),
  },
  posthog(false),
  posthog(true),
  {
    // dist/mixpanel.min.js: the library Mixpanel's snippet loads from its CDN
    // (mixpanel-2-latest.min.js), loaded by the package's own snippet
    // (dist/mixpanel-jslib-snippet.min.js) through MIXPANEL_CUSTOM_LIB_URL.
    name: 'Mixpanel `mixpanel-browser`',
    pkg: 'mixpanel-browser',
    setup: (rec) => {
      rec.serve('/mixpanel/mixpanel.min.js', pkgFile('mixpanel-browser', 'dist/mixpanel.min.js'));
      const snippet = readFileSync(pkgFile('mixpanel-browser', 'dist/mixpanel-jslib-snippet.min.js'), 'utf8');
      return (
        `<script>var MIXPANEL_CUSTOM_LIB_URL = '/mixpanel/mixpanel.min.js';
${snippet}
mixpanel.init('bench_token', { api_host: location.origin });</script>` +
        benchFn(`mixpanel.track('Bench Event', { i: i, plan: 'Pro' });`)
      );
    },
    ready: () => !!(window.mixpanel && window.mixpanel.__loaded),
  },
  {
    // dist/index.umd.min.js of @snowplow/browser-tracker: the CDN's sp.js comes from
    // @snowplow/javascript-tracker, which the npm registry here does not have (404); this is
    // the same tracker core without sp.js's bundled plugins, as a browser UMD bundle.
    name: 'Snowplow `@snowplow/browser-tracker`',
    pkg: '@snowplow/browser-tracker',
    setup: (rec) => {
      rec.serve('/snowplow/sp.js', pkgFile('@snowplow/browser-tracker', 'dist/index.umd.min.js'));
      return (
        `<script src="/snowplow/sp.js"></script>
<script>snowplowBrowserTracking.newTracker('sp', location.origin, { appId: 'bench' });</script>` +
        benchFn(
          `snowplowBrowserTracking.trackSelfDescribingEvent({ event: { schema: 'iglu:com.acme/bench_event/jsonschema/1-0-0', data: { i: i, plan: 'Pro' } } });`,
        )
      );
    },
    ready: () => !!window.snowplowBrowserTracking,
  },
  {
    // dist/umd/standalone.js: what Segment's CDN serves at
    // /analytics.js/v1/<write key>/analytics.min.js (it reads the key from that path), and
    // the chunks it loads from /analytics-next/bundles/ beside it. The settings it fetches
    // (/v1/projects/<key>/settings) point its Segment.io destination at the server.
    name: 'Segment `@segment/analytics-next`',
    pkg: '@segment/analytics-next',
    setup: (rec) => {
      const umd = pkgFile('@segment/analytics-next', 'dist/umd');
      rec.serve('/analytics.js/v1/WRITE_KEY/analytics.min.js', path.join(umd, 'standalone.js'));
      rec.serve('/analytics-next/bundles/', umd);
      rec.page('/v1/projects/WRITE_KEY/settings', {
        integrations: { 'Segment.io': { apiKey: 'WRITE_KEY', apiHost: `127.0.0.1:${rec.port}/v1`, protocol: 'http' } },
        plan: { track: { __default: { enabled: true } } },
      });
      return (
        `<script>window.analytics = []; analytics._writeKey = 'WRITE_KEY'; analytics._cdn = location.origin;</script>
<script src="/analytics.js/v1/WRITE_KEY/analytics.min.js"></script>` +
        benchFn(`analytics.track('Bench Event', { i: i, plan: 'Pro' });`)
      );
    },
    ready: () => !!(window.analytics && window.analytics.initialized),
  },
  rudderstack(false),
  rudderstack(true),
];

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
