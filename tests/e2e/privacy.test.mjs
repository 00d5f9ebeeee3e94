// Privacy controls on real pages in headless Chromium: `['optOut']` across two tabs and a
// reload (localStorage inspected), `data-consent="pending"` until `['optIn']`, Global
// Privacy Control (injected with an init script) with and without `data-gpc="ignore"`,
// and Do Not Track with `data-respect-dnt`. Needs dist/ (./build.sh).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { closeContext } from './browser.mjs';
import { browserAndRecorder } from './suite.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

/** trackq's entries in the page's localStorage. */
const stored = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('tq1:'))
        .sort()
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );

/** The `_kmq` stub with `pushes` queued before the snippet loads. */
const stub = (pushes = []) =>
  `<script>var _kmq = _kmq || [];${pushes.map((p) => `_kmq.push(${JSON.stringify(p)});`).join('')}</script>`;

const push = (page, cmd) => page.evaluate((c) => window._kmq.push(c), cmd);

/** Names of the events the recorder accepted. */
const events = (rec) => rec.messages().filter((m) => m.type === 'track').map((m) => m.event);

/** Nothing more reaches the recorder for `ms` (several flush intervals). */
async function assertQuiet(rec, ms = 1500) {
  const before = rec.requests.length;
  await sleep(ms);
  assert.equal(rec.requests.length, before, `requests after a quiet period\n${rec.dump()}`);
}

describe('privacy controls on a page', { timeout: 240_000 }, () => {
  let browser;
  let rec;

  browserAndRecorder((b, r) => {
    browser = b;
    rec = r;
  });

  /** A page at `path` with the snippet (fast flushes) and `attrs`, in `context`. */
  async function open(context, path, { attrs = {}, pushes = [] } = {}) {
    const url = rec.page(
      path,
      pageHtml({
        head: stub(pushes),
        snippet: snippetTag(rec, { 'data-flush-interval': 200, ...attrs }),
      }),
    );
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(url);
    await waitForSnippet(page);
    return page;
  }

  test('optOut in one tab stops both tabs, empties localStorage but the choice, and lasts across a reload', async () => {
    rec.reset();
    const context = await browser.newContext();
    try {
      const a = await open(context, '/out-a.html');
      const b = await open(context, '/out-b.html');
      await push(a, ['record', 'Before A']);
      await push(b, ['record', 'Before B']);
      await rec.waitFor(() => events(rec).includes('Before A') && events(rec).includes('Before B'), {
        what: 'the events before the opt-out',
      });
      assert.ok(Object.keys(await stored(a)).includes('tq1:aid'));

      await push(a, ['record', 'Waiting']);
      await push(a, ['optOut']);
      // Tab b follows by clearing what it wrote since, then storing the choice again: for a
      // moment tab a may see that clear before the choice (localStorage reaches other tabs
      // asynchronously), so wait for where both end.
      await a.waitForFunction(
        () => Object.keys(localStorage).join() === 'tq1:consent' && localStorage['tq1:consent'] === 'out',
        null,
        { timeout: 5000 },
      );
      assert.deepEqual(await stored(a), { 'tq1:consent': 'out' });
      // The other tab heard it through the storage event.
      await b.waitForFunction(() => Object.keys(localStorage).length === 1, null, { timeout: 5000 });
      await push(b, ['record', 'After B']);
      await push(a, ['record', 'After A']);
      await assertQuiet(rec);
      assert.deepEqual(await stored(b), { 'tq1:consent': 'out' });
      for (const e of ['Waiting', 'After A', 'After B']) assert.ok(!events(rec).includes(e), e);

      await a.reload();
      await waitForSnippet(a);
      await push(a, ['record', 'After Reload']);
      await b.close(); // its pagehide writes nothing either
      await assertQuiet(rec);
      assert.ok(!events(rec).includes('After Reload'));
      assert.deepEqual(await stored(a), { 'tq1:consent': 'out' });

      // optIn: a new anonymous id, and the events flow again.
      const before = rec.messages().find((m) => m.event === 'Before A').anonymousId;
      await push(a, ['optIn']);
      await push(a, ['record', 'Back']);
      await rec.waitFor(() => events(rec).includes('Back'), { what: 'the event after optIn' });
      const back = rec.messages().find((m) => m.event === 'Back');
      assert.notEqual(back.anonymousId, before);
      const now = await stored(a);
      assert.equal(now['tq1:consent'], 'in');
      assert.equal(now['tq1:aid'], back.anonymousId);
      assert.deepEqual(a.errors, []);
    } finally {
      await closeContext(context);
    }
  });

  test('data-consent="pending": nothing stored or sent until optIn, then all of it; later pages run at once', async () => {
    rec.reset();
    const context = await browser.newContext();
    try {
      const attrs = { 'data-consent': 'pending' };
      const page = await open(context, '/pending.html', {
        attrs,
        pushes: [['identify', 'ann@acme.test'], ['record', 'Viewed Pricing']],
      });
      await push(page, ['record', 'Clicked Plan']);
      await assertQuiet(rec);
      assert.deepEqual(await stored(page), {});

      await push(page, ['optIn']);
      await rec.waitFor(() => events(rec).includes('Clicked Plan'), { what: 'the held events' });
      assert.deepEqual(events(rec), ['Visited Site', 'Viewed Pricing', 'Clicked Plan']);
      assert.ok(rec.messages().every((m) => m.userId === 'ann@acme.test'));
      const now = await stored(page);
      assert.equal(now['tq1:consent'], 'in');
      assert.equal(now['tq1:uid'], 'ann@acme.test');

      await page.reload();
      await waitForSnippet(page);
      await push(page, ['record', 'Next Page']);
      await rec.waitFor(() => events(rec).includes('Next Page'), { what: 'an event on the next page' });
      assert.deepEqual(page.errors, []);
    } finally {
      await closeContext(context);
    }
  });

  test('data-consent="pending" and the page ends: nothing was written', async () => {
    rec.reset();
    const context = await browser.newContext();
    try {
      const page = await open(context, '/pending-end.html', { attrs: { 'data-consent': 'pending' } });
      await push(page, ['record', 'Viewed Pricing']);
      await page.goto(rec.origin + '/other');
      await assertQuiet(rec, 1000);
      assert.deepEqual(await stored(page), {});
    } finally {
      await closeContext(context);
    }
  });

  /** A context whose pages see `navigator[name]` as `value` (from before any script). */
  async function contextWith(name, value) {
    const context = await browser.newContext();
    await context.addInitScript(
      ([n, v]) => Object.defineProperty(Navigator.prototype, n, { get: () => v, configurable: true }),
      [name, value],
    );
    return context;
  }

  test('Global Privacy Control: an opt-out with nothing stored, unless data-gpc="ignore"', async () => {
    rec.reset();
    const context = await contextWith('globalPrivacyControl', true);
    try {
      const page = await open(context, '/gpc.html', { pushes: [['record', 'With GPC']] });
      assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
      await push(page, ['identify', 'ann@acme.test']);
      await assertQuiet(rec);
      assert.deepEqual(await stored(page), {});
      assert.deepEqual(events(rec), []);

      const ignoring = await open(context, '/gpc-ignore.html', {
        attrs: { 'data-gpc': 'ignore' },
        pushes: [['record', 'GPC Ignored']],
      });
      await rec.waitFor(() => events(rec).includes('GPC Ignored'), { what: 'the event with data-gpc="ignore"' });
      assert.ok(Object.keys(await stored(ignoring)).includes('tq1:aid'));
    } finally {
      await closeContext(context);
    }
  });

  test('Do Not Track counts with data-respect-dnt, not without', async () => {
    rec.reset();
    const context = await contextWith('doNotTrack', '1');
    try {
      const respecting = await open(context, '/dnt.html', {
        attrs: { 'data-respect-dnt': true },
        pushes: [['record', 'DNT Respected']],
      });
      await assertQuiet(rec);
      assert.deepEqual(await stored(respecting), {});
      await respecting.close();

      await open(context, '/dnt-default.html', { pushes: [['record', 'DNT Not Asked']] });
      await rec.waitFor(() => events(rec).includes('DNT Not Asked'), { what: 'the event without data-respect-dnt' });
      assert.ok(!events(rec).includes('DNT Respected'));
    } finally {
      await closeContext(context);
    }
  });
});
