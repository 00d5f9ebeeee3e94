// The snippet on a real page in headless Chromium, used exactly as README shows it:
//
//   <script>
//     var _kmq = _kmq || [];
//     _kmq.push(['identify', 'ann@acme.com']);
//   </script>
//   <script async src="/trackq/trackq.js" data-endpoint="..." data-key="WRITE_KEY"></script>
//
// What the page sends is checked on the receiving server (tests/e2e/recorder.mjs), which
// also sees the beacons sent on pagehide. Needs dist/ (./build.sh) and
// node_modules (scripts/install.sh).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DIST,
  WRITE_KEY,
  recorderAndPage,
  launchBrowser,
  pageHtml,
  snippetTag,
  waitForSnippet,
  sleep,
} from './recorder.mjs';
import { SEED } from './seed_kmq.mjs';

const USER = 'ann@acme.com';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The README stub: `_kmq` defined, identify queued, then whatever `pushes` holds. */
function stub({ identify = USER, pushes = [], extra = '' } = {}) {
  const lines = ['var _kmq = _kmq || [];'];
  if (identify) lines.push(`_kmq.push(['identify', ${JSON.stringify(identify)}]);`);
  for (const p of pushes) lines.push(`_kmq.push(${JSON.stringify(p)});`);
  return `<script>\n${extra}\n${lines.join('\n')}\n</script>`;
}

/** Track messages other than the automatic "Visited Site". */
const tracked = (rec) => rec.messages().filter((m) => m.type === 'track' && m.event !== 'Visited Site');

/** Sorted by timestamp, ties kept in arrival order (the order within and across batches). */
const byTime = (msgs) =>
  msgs
    .map((m, i) => [m, i])
    .sort((a, b) => (a[0].timestamp < b[0].timestamp ? -1 : a[0].timestamp > b[0].timestamp ? 1 : a[1] - b[1]))
    .map(([m]) => m);

const summary = (m) => ({ event: m.event, properties: m.properties || {} });

/** No exception reached the page: neither Playwright's pageerror nor window.onerror. */
async function assertNoPageErrors(page) {
  const inPage = await page.evaluate(() => window.__errors).catch(() => []);
  assert.deepEqual(page.errors, [], 'uncaught exceptions (pageerror)');
  assert.deepEqual(inPage, [], 'errors seen by window.onerror / unhandledrejection');
}

function assertBodies(rec) {
  for (const r of rec.requests) {
    assert.equal(r.parseError, null, `request body is not JSON: ${r.text}`);
    // Gzip bytes go with no Content-Type, JSON as text/plain: neither costs a CORS preflight.
    if (r.gzip) assert.equal(r.contentType, '', `Content-Type of a gzip body: ${r.text}`);
    else assert.match(r.contentType, /^text\/plain/, `Content-Type of ${r.text}`);
    assert.equal(r.body.writeKey, WRITE_KEY, `writeKey in ${r.text}`);
    assert.match(String(r.body.sentAt), ISO, `sentAt in ${r.text}`);
    assert.ok(Array.isArray(r.body.batch) && r.body.batch.length > 0, `batch in ${r.text}`);
    assert.ok(Buffer.byteLength(r.text) <= 60 * 1024, `body of ${Buffer.byteLength(r.text)} bytes is over 60 KB`);
  }
}

function assertMessageShape(m) {
  const s = JSON.stringify(m);
  assert.ok(['track', 'identify', 'alias'].includes(m.type), `type of ${s}`);
  assert.match(String(m.messageId), UUID, `messageId of ${s}`);
  assert.match(String(m.timestamp), ISO, `timestamp of ${s}`);
  assert.match(String(m.anonymousId), UUID, `anonymousId of ${s}`);
  assert.equal(m.context?.library?.name, 'trackq', `context.library.name of ${s}`);
}

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  let browser;

  before(async () => {
    for (const f of ['trackq.js', 'trackq_bg.wasm']) {
      assert.ok(existsSync(path.join(DIST, f)), `dist/${f} is missing: run ./build.sh first`);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** A fresh recorder and page (own context: own localStorage); closed by `done()`. */
  const setup = () => recorderAndPage(browser);

  test('(a) every seed-000 _kmq example, before and after load, arrives as the expected event', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page(
        '/seed.html',
        pageHtml({
          title: 'seed 000',
          head: stub({ pushes: SEED.map(([cmd]) => cmd) }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await waitForSnippet(page);
      // The same commands again, live, through the snippet's own push.
      const returned = await page.evaluate((cmds) => {
        const out = [];
        for (const c of cmds) out.push(typeof window._kmq.push(c));
        return out;
      }, SEED.map(([cmd]) => cmd));
      assert.equal(returned.length, SEED.length);

      const want = SEED.length * 2;
      await rec.waitFor(() => tracked(rec).length >= want && rec.events('Visited Site').length >= 1, {
        what: `${want} seed events and Visited Site`,
      });
      await sleep(600); // anything extra (duplicates, a second Visited Site) would show now

      const got = byTime(tracked(rec)).map(summary);
      const expected = [...SEED, ...SEED].map(([, event, properties]) => ({ event, properties }));
      assert.deepEqual(got, expected, `events in order\n${rec.dump()}`);

      // The `billed` example and its `record` twin give the same event.
      const billed = got.filter(
        (e) => e.properties['Billing Description'] === 'Monthly Bill' && e.properties['Billing Method'] === 'Credit Card',
      );
      assert.equal(billed.length, 4);
      assert.deepEqual(billed[0], billed[1]);
      // signedUp with a null plan has no "Plan Name".
      const affiliate = got.find((e) => e.properties['Affiliate ID'] === 123);
      assert.ok(affiliate && !('Plan Name' in affiliate.properties), JSON.stringify(affiliate));

      const visits = rec.events('Visited Site');
      assert.equal(visits.length, 1, `one Visited Site\n${rec.dump()}`);
      const visitUrl = visits[0].properties?.URL ?? visits[0].context?.page?.url;
      assert.equal(visitUrl, url, `Visited Site URL: ${JSON.stringify(visits[0])}`);

      const all = rec.messages();
      for (const m of all) assertMessageShape(m);
      // The session starts after the stub's queued identify has run: Visited Site too
      // carries the user id.
      for (const m of all.filter((m) => m.type === 'track')) {
        assert.equal(m.userId, USER, `userId of ${JSON.stringify(m)}`);
      }
      // identify of an anonymous visitor: an alias from the anonymousId (or an identify).
      assert.ok(
        all.some(
          (m) =>
            m.userId === USER &&
            (m.type === 'identify' || (m.type === 'alias' && m.previousId === m.anonymousId)),
        ),
        `an alias/identify message for ${USER}\n${rec.dump()}`,
      );
      assert.equal(new Set(all.map((m) => m.anonymousId)).size, 1, 'one anonymousId');
      const ids = rec.allMessages().map((m) => m.messageId);
      assert.equal(new Set(ids).size, ids.length, `messageIds unique on the wire\n${rec.dump()}`);
      assertBodies(rec);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('(b) commands pushed just before navigating away arrive (beacon on pagehide)', async () => {
    const { rec, page, done } = await setup();
    try {
      // Default flush interval (5 s): nothing would leave by timer before the navigation.
      const url = rec.page('/leave.html', pageHtml({ head: stub(), snippet: snippetTag(rec) }));
      await page.goto(url);
      await waitForSnippet(page);
      const t0 = Date.now();
      await page.evaluate(() => {
        for (let i = 1; i <= 5; i++) window._kmq.push(['record', 'Leaving', { n: i }]);
        window.location.href = '/other';
      });
      await page.waitForURL('**/other');
      await rec.waitFor(() => rec.events('Leaving').length >= 5, {
        timeout: 3000,
        what: '5 "Leaving" events within 3 s of leaving',
      });
      const elapsed = Date.now() - t0;
      const ns = rec.events('Leaving').map((m) => m.properties?.n).sort();
      assert.deepEqual(ns, [1, 2, 3, 4, 5]);
      for (const m of rec.events('Leaving')) assert.equal(m.userId, USER);
      assert.ok(elapsed < 4500, `arrived ${elapsed} ms after leaving: not sent on pagehide?`);
      assertBodies(rec);
    } finally {
      await done();
    }
  });

  test('(c) reload keeps the anonymousId and does not repeat Visited Site', async () => {
    const { rec, page, done } = await setup();
    try {
      // No identify here: an anonymous visitor.
      const url = rec.page(
        '/reload.html',
        pageHtml({
          head: stub({ identify: null, pushes: [['record', 'First Load']] }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('First Load').length === 1 && rec.events('Visited Site').length >= 1, {
        what: 'First Load and Visited Site',
      });
      const anon = rec.events('First Load')[0].anonymousId;
      assert.match(String(anon), UUID);
      assert.equal(rec.events('Visited Site')[0].anonymousId, anon);

      await page.reload();
      await waitForSnippet(page);
      await page.evaluate(() => window._kmq.push(['record', 'After Reload']));
      await rec.waitFor(() => rec.events('After Reload').length === 1, { what: 'After Reload' });
      await sleep(1000);
      assert.equal(rec.events('After Reload')[0].anonymousId, anon, 'same anonymousId after reload');
      assert.equal(rec.events('First Load').length, 2, `the stub's record runs again on reload\n${rec.dump()}`);
      assert.equal(rec.events('Visited Site').length, 1, `Visited Site once per session\n${rec.dump()}`);
      for (const m of rec.messages()) {
        assertMessageShape(m);
        assert.equal(m.anonymousId, anon);
        assert.equal(m.userId, undefined, `no userId before identify: ${JSON.stringify(m)}`);
      }
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  for (const [name, breakStorage] of [
    [
      'setItem throws QuotaExceededError',
      `Storage.prototype.setItem = function () {
         throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
       };`,
    ],
    [
      'window.localStorage itself throws SecurityError',
      `Object.defineProperty(window, 'localStorage', {
         configurable: true,
         get: function () { throw new DOMException('Access is denied', 'SecurityError'); }
       });`,
    ],
  ]) {
    test(`(d) broken localStorage (${name}): nothing thrown, events still arrive`, async () => {
      const { rec, page, done } = await setup();
      try {
        const url = rec.page(
          '/storage.html',
          pageHtml({
            head: stub({ pushes: [['record', 'Before Load', { storage: 'broken' }]], extra: breakStorage }),
            snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
          }),
        );
        await page.goto(url);
        await waitForSnippet(page);
        await page.evaluate(() => window._kmq.push(['signedUp', 'Premium Plan']));
        await rec.waitFor(
          () => rec.events('Before Load').length === 1 && rec.events('Signed Up').length === 1,
          { what: 'Before Load and Signed Up with broken storage' },
        );
        await sleep(500);
        for (const m of rec.messages()) {
          assertMessageShape(m);
          if (m.type === 'track' && m.event !== 'Visited Site') assert.equal(m.userId, USER, JSON.stringify(m));
        }
        assert.equal(rec.events('Visited Site').length, 1, rec.dump());
        assertBodies(rec);
        await assertNoPageErrors(page);
      } finally {
        await done();
      }
    });
  }

  test('(e) garbage pushed to _kmq never throws; later commands still arrive', async () => {
    const { rec, page, done } = await setup();
    try {
      const garbage = `
        var cyclic = { a: 1 }; cyclic.self = cyclic;
        var garbage = [
          null, undefined, 'str', 42, {}, [], ['nope'], ['billed', 'abc'], ['record'],
          ['record', 42], ['record', 'Cyclic', cyclic], ['record', 'Big', { n: 10n }],
          ['record', 'Sym', { s: Symbol('x') }], ['identify'], ['identify', {}],
          ['record', 'Fn', { f: function () {} }], [Symbol('x')], ['set', null],
        ];`;
      const url = rec.page(
        '/garbage.html',
        pageHtml({
          head: `<script>${garbage}
            var _kmq = _kmq || [];
            _kmq.push(['identify', ${JSON.stringify(USER)}]);
            for (var i = 0; i < garbage.length; i++) _kmq.push(garbage[i]);
            _kmq.push(['record', 'After Garbage', { when: 'before load' }]);
          </script>`,
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await waitForSnippet(page);
      const thrown = await page.evaluate(() => {
        const out = [];
        const list = window.garbage.concat([[], ['record', 'Cyclic', window.cyclic]]);
        for (const g of list) {
          try {
            window._kmq.push(g);
          } catch (e) {
            out.push(String(e));
          }
        }
        try {
          window._kmq.push();
          window._kmq.push(['record', 'After Garbage', { when: 'after load' }], null, 'x');
        } catch (e) {
          out.push(String(e));
        }
        return out;
      });
      assert.deepEqual(thrown, [], '_kmq.push threw');
      await rec.waitFor(() => rec.events('After Garbage').length === 2, { what: 'both After Garbage events' });
      await sleep(500);
      const whens = rec.events('After Garbage').map((m) => m.properties?.when);
      assert.deepEqual(whens, ['before load', 'after load']);
      for (const m of rec.events('After Garbage')) assert.equal(m.userId, USER);
      assertBodies(rec);
      await assertNoPageErrors(page);
      const warnings = page.consoleLines.filter((l) => l.includes('trackq:'));
      assert.ok(warnings.length > 0, `trackq: warnings in the console; saw:\n${page.consoleLines.join('\n')}`);
    } finally {
      await done();
    }
  });

  test('(f) collector answering 500 for a while: events arrive later (retry)', async () => {
    const { rec, page, done } = await setup();
    try {
      rec.failNext(3, 500);
      const url = rec.page(
        '/retry.html',
        pageHtml({
          head: stub({ pushes: [['record', 'Retried', { n: 1 }]] }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('Retried').length === 1, {
        timeout: 45000,
        what: '"Retried" accepted after three 500s',
      });
      const failed = rec.requests.filter((r) => r.status === 500);
      assert.equal(failed.length, 3, rec.dump());
      // The same message went out again (same messageId), not a copy made anew.
      const firstTry = failed[0].body.batch.find((m) => m.event === 'Retried');
      assert.ok(firstTry, `first (failed) request carried the event\n${rec.dump()}`);
      assert.equal(rec.events('Retried')[0].messageId, firstTry.messageId);
      // Backoff: retries are not sent back to back.
      const gaps = rec.requests.slice(1, 4).map((r, i) => r.time - rec.requests[i].time);
      assert.ok(gaps.every((g) => g >= 100), `gaps between attempts: ${gaps} ms`);
      assertBodies(rec);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('(f2) 429 with Retry-After: the next attempt waits for it', async () => {
    const { rec, page, done } = await setup();
    try {
      rec.failNext(1, 429, { 'Retry-After': '2' });
      const url = rec.page(
        '/throttle.html',
        pageHtml({
          head: stub({ pushes: [['record', 'Throttled']] }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('Throttled').length === 1, {
        timeout: 30000,
        what: '"Throttled" accepted after a 429',
      });
      const [first, second] = rec.requests;
      assert.equal(first.status, 429);
      assert.ok(
        second.time - first.time >= 1800,
        `retry ${second.time - first.time} ms after a 429 with Retry-After: 2`,
      );
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('(g) 300 events then leaving: none lost by the next visit, each accepted once or more', async () => {
    const { rec, page, done } = await setup();
    try {
      // Default flush interval and batch size: the browser's 64 KB keepalive/beacon budget
      // cannot carry them all on pagehide; the rest must wait in localStorage for the next visit.
      const url = rec.page('/volume.html', pageHtml({ head: stub(), snippet: snippetTag(rec) }));
      await page.goto(url);
      await waitForSnippet(page);
      await page.evaluate(() => {
        for (let i = 0; i < 300; i++) window._kmq.push(['record', 'Volume', { i, plan: 'Pro' }]);
        window.location.href = '/other';
      });
      await page.waitForURL('**/other');
      await sleep(1500);
      await page.goto(url);
      const got = () => new Set(rec.events('Volume').map((m) => m.properties?.i)).size;
      await rec.waitFor(() => got() === 300, {
        timeout: 30000,
        what: () => `all 300 Volume events (have ${got()})`,
      });
      assertBodies(rec);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('data-batch-size: a full batch leaves before the (default 5 s) flush interval', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page('/batch.html', pageHtml({ head: stub(), snippet: snippetTag(rec, { 'data-batch-size': 5 }) }));
      await page.goto(url);
      await waitForSnippet(page);
      const t0 = Date.now();
      await page.evaluate(() => {
        for (let i = 0; i < 10; i++) window._kmq.push(['record', 'Batched', { i }]);
      });
      // Visited Site and identify are queued too: 12 messages, so two full batches of 5
      // must leave at once; the last 2 may wait for the flush interval.
      await rec.waitFor(() => rec.messages().length >= 10, { timeout: 15000, what: '10 messages' });
      const elapsed = Date.now() - t0;
      assert.ok(elapsed < 4000, `two full batches of 5 took ${elapsed} ms (flush interval 5000)\n${rec.dump()}`);
      await rec.waitFor(() => rec.events('Batched').length >= 10, { timeout: 15000, what: '10 Batched events' });
      for (const b of rec.batches()) assert.ok(b.batch.length <= 5, `batch of ${b.batch.length} > 5`);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('bodies go gzip (fetch and beacon), or plain JSON with data-gzip="off"', async () => {
    for (const gzip of ['on', 'off']) {
      const { rec, page, done } = await setup();
      try {
        const attrs = { 'data-batch-size': 5, ...(gzip === 'off' ? { 'data-gzip': 'off' } : {}) };
        const url = rec.page(`/gzip-${gzip}.html`, pageHtml({ snippet: snippetTag(rec, attrs) }));
        await page.goto(url);
        await waitForSnippet(page);
        // A full batch goes by fetch; the rest by beacon as the page goes.
        await page.evaluate(() => {
          for (let i = 0; i < 5; i++) window._kmq.push(['record', 'Zipped', { i }]);
        });
        await rec.waitFor(() => rec.events('Zipped').length === 5, { what: 'the fetched batch' });
        await page.evaluate(() => {
          for (let i = 5; i < 8; i++) window._kmq.push(['record', 'Zipped', { i }]);
          location.href = '/other';
        });
        await rec.waitFor(() => rec.events('Zipped').length === 8, { what: 'the beaconed rest' });
        assertBodies(rec);
        assert.ok(rec.requests.length >= 2);
        for (const r of rec.requests) assert.equal(r.gzip, gzip === 'on', `${r.contentType}: ${r.text}`);
      } finally {
        await done();
      }
    }
  });

  test('data-transport="beacon": events arrive', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page(
        '/beacon.html',
        pageHtml({
          head: stub({ pushes: [['billed', 9.5, 'Beacon']] }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200, 'data-transport': 'beacon' }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('Billed').length === 1, { what: 'Billed via beacon' });
      assert.deepEqual(rec.events('Billed')[0].properties, {
        'Billing Amount': 9.5,
        'Billing Description': 'Beacon',
      });
      assertBodies(rec);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });
});
