// The SDKs tests/e2e/peers.mjs measures: trackq's two builds and its peers' real browser
// SDKs (devDependencies, versions pinned in package-lock.json), each with the page head that
// loads it with every endpoint pointed at the recording server, and its benchmark loop.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../recorder.mjs';
import { snippetTag, waitForSnippet } from '../test_page.mjs';

/** How many events each SDK is asked to track in one task. */
export const N = 1000;

/** A file inside an installed npm package (node_modules/, as `npm ci` lays it out). */
export const pkgFile = (pkg, rel) => path.join(ROOT, 'node_modules', pkg, rel);
export const pkgVersion = (pkg) => JSON.parse(readFileSync(pkgFile(pkg, 'package.json'), 'utf8')).version;

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
export const SDKS = [
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
