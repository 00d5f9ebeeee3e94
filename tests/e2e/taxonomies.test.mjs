// The three front-end APIs on one page: `_kmq` (KISSmetrics, seed 000), `_upstack`
// (seed 001) and `_df` (seed 002), through the stubs a site pastes before the snippet.
// Calls of the three, mixed, before and after the snippet loads, must arrive in the order
// they were made (by timestamp, then by position in the batches), each checked against
// its own taxonomy.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, startRecorder } from './recorder.mjs';
import { closeContext, newPage } from './browser.mjs';
import { browserAndRecorder } from './suite.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

const USER = 'ann@acme.com';

// The stubs as a site writes them: every call becomes a `_kmq` command, so one queue
// keeps one order.
const STUBS = `
  var _kmq = _kmq || [];
  window._upstack = window._upstack || function () {
    _kmq.push(['_upstack'].concat([].slice.call(arguments)));
  };
  window._df = window._df || {
    track: function () { _kmq.push(['_df', 'track'].concat([].slice.call(arguments))); },
    identify: function () { _kmq.push(['_df', 'identify'].concat([].slice.call(arguments))); }
  };`;

// Run in the page before the snippet loads...
const BEFORE = `
  _kmq.push(['identify', '${USER}']);
  _upstack('track', 'signup_started', { planId: 'plan_pro_monthly', source: 'pricing_page' });
  _df.track('logged_in', { method: 'sso' });
  _kmq.push(['signedUp', 'Premium Plan']);
  _upstack('track', 'account_created', { accountName: 'Acme Corporation' });
  _df.track('trial_started', { plan_id: 'plan_pro', trial_length_days: '14' });
  _upstack('identify', '${USER}', { plan: 'pro' });
  _kmq.push(['record', 'Custom Before', { n: 1 }]);`;

// ...and after it (through whatever `_upstack`, `_df` and `_kmq` are by then).
const AFTER = `
  _upstack('track', 'signup_completed', { userId: 'usr_xyz789', accountId: 'acct_abc123' });
  _df.track('logged_out');
  _kmq.push(['billed', 49, 'Pro Monthly']);
  _df.identify('${USER}', { role: 'admin' });
  _kmq.push(['record', 'Custom After', { n: 2 }]);`;

// What must arrive, in this order (Visited Site left aside).
const EXPECTED = [
  'identify',
  'track signup_started',
  'track logged_in',
  'track Signed Up',
  'track account_created',
  'track trial_started',
  'identify',
  'track Custom Before',
  'track signup_completed',
  'track logged_out',
  'track Billed',
  'identify',
  'track Custom After',
];

// `identify` of an anonymous visitor goes out as an alias from the anonymousId.
const label = (m) => (m.type === 'track' ? `track ${m.event}` : m.type === 'alias' ? 'identify' : m.type);

const byTime = (msgs) =>
  msgs
    .map((m, i) => [m, i])
    .sort((a, b) => (a[0].timestamp < b[0].timestamp ? -1 : a[0].timestamp > b[0].timestamp ? 1 : a[1] - b[1]))
    .map(([m]) => m);

describe('_kmq, _upstack and _df stubs', { timeout: 120_000 }, () => {
  let browser;
  let rec;

  before(async () => {
    for (const f of ['trackq.js', 'trackq_bg.wasm', 'trackq_debug_bg.wasm']) {
      assert.ok(existsSync(path.join(DIST, f)), `dist/${f} is missing: run ./build.sh first`);
    }
  });
  browserAndRecorder((b, r) => {
    browser = b;
    rec = r;
  });

  // With `data-debug`, the development wasm checks each event against its taxonomy.
  /**
   * Loads the stubs and BEFORE on a page at `path` with these extra attributes, runs
   * AFTER, and waits for the EXPECTED messages (Visited Site aside), asserting their
   * order: `got` in time order, `find(event)` the first track of that name.
   */
  async function mixedCalls(rec, page, path, attrs) {
    const url = rec.page(
      path,
      pageHtml({
        head: `<script>${STUBS}\n${BEFORE}</script>`,
        snippet: snippetTag(rec, { 'data-flush-interval': 200, ...attrs }),
      }),
    );
    await page.goto(url);
    await waitForSnippet(page);
    await page.evaluate(AFTER);
    const ours = () => rec.messages().filter((m) => !(m.type === 'track' && m.event === 'Visited Site'));
    await rec.waitFor(() => ours().length >= EXPECTED.length, { what: `${EXPECTED.length} messages` });
    await sleep(600);
    const got = byTime(ours());
    assert.deepEqual(got.map(label), EXPECTED, `order\n${rec.dump()}`);
    return { got, find: (event) => got.find((m) => m.event === event) };
  }

  test('mixed calls of the three, before and after load, arrive in order (data-debug)', async () => {
    const page = await newPage(browser);
    try {
      const { got, find } = await mixedCalls(rec, page, '/taxonomies.html', { 'data-debug': true });

      for (const m of got) {
        assert.equal(m.userId, USER, `userId of ${JSON.stringify(m)}`);
        assert.equal(m.context?.library?.name, 'trackq');
      }

      // Each event went through its own API's taxonomy.
      assert.equal(find('signup_started').context?.taxonomy, 'upstack', JSON.stringify(find('signup_started')));
      assert.equal(find('logged_in').context?.taxonomy, 'df', JSON.stringify(find('logged_in')));
      assert.equal(find('Signed Up').context?.taxonomy, 'kissmetrics', JSON.stringify(find('Signed Up')));
      assert.equal(find('Custom Before').context?.taxonomy, undefined, 'a custom event has no taxonomy');
      assert.deepEqual(find('signup_started').properties, { planId: 'plan_pro_monthly', source: 'pricing_page' });
      assert.deepEqual(find('logged_in').properties, { method: 'sso' });
      assert.deepEqual(find('Billed').properties, { 'Billing Amount': 49, 'Billing Description': 'Pro Monthly' });
      assert.equal(find('signup_started').context?.validation, undefined, 'a valid event has no validation');
      // The development wasm's warnings are their full texts (README, "Warnings").
      assert.ok(
        page.consoleLines.includes('warning: trackq: account_created: property "accountId" is missing'),
        `the full text; console:\n${page.consoleLines.join('\n')}`,
      );

      // Problems are reported, the events still sent (data-validation defaults to warn).
      const created = find('account_created');
      assert.equal(created.context?.taxonomy, 'upstack');
      assert.ok(
        (created.context?.validation || []).some((p) => p.property === 'accountId' && p.problem === 'missing'),
        `accountId missing: ${JSON.stringify(created)}`,
      );
      const trial = find('trial_started');
      assert.equal(trial.context?.taxonomy, 'df');
      assert.ok(
        (trial.context?.validation || []).some(
          (p) => p.property === 'trial_length_days' && p.problem === 'expected number',
        ),
        `trial_length_days as a string: ${JSON.stringify(trial)}`,
      );

      // identify through _upstack and _df carries traits.
      const identifies = got.filter((m) => label(m) === 'identify');
      assert.deepEqual(identifies[1].traits, { plan: 'pro' }, JSON.stringify(identifies[1]));
      assert.deepEqual(identifies[2].traits, { role: 'admin' }, JSON.stringify(identifies[2]));

      const errors = await page.evaluate(() => window.__errors);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(errors, []);
    } finally {
      await closeContext(page.context());
    }
  });

  // Without it, the production wasm has no tables: each event names its queue's
  // taxonomy unchecked, and the collector checks it (collector/src/message.rs).
  test('without data-debug: every event names its taxonomy, none is checked in the page', async () => {
    const rec = await startRecorder();
    const page = await newPage(browser);
    try {
      const { got, find } = await mixedCalls(rec, page, '/production.html', {});
      assert.equal(find('signup_started').context?.taxonomy, 'upstack');
      assert.equal(find('account_created').context?.taxonomy, 'upstack');
      assert.equal(find('trial_started').context?.taxonomy, 'df');
      assert.equal(find('Signed Up').context?.taxonomy, 'kissmetrics');
      assert.equal(find('Custom Before').context?.taxonomy, 'kissmetrics', 'the queue names it; the collector finds no such event');
      for (const m of got) assert.equal(m.context?.validation, undefined, JSON.stringify(m));
      assert.ok(
        !page.consoleLines.some((l) => l.includes('account_created') || l.includes('trial_length_days')),
        `no taxonomy warning; console:\n${page.consoleLines.join('\n')}`,
      );
      assert.deepEqual(page.errors, []);
    } finally {
      await closeContext(page.context());
      await rec.close();
    }
  });

  test('data-validation="strict" drops invalid events and keeps valid ones', async () => {
    // A recorder of its own: nothing late from the first test's page can land here.
    const rec = await startRecorder();
    const page = await newPage(browser);
    try {
      const url = rec.page(
        '/strict.html',
        pageHtml({
          head: `<script>${STUBS}
            _upstack('track', 'account_created', { accountName: 'No Id' });
            _upstack('track', 'account_created', { accountId: 'acct_ok' });
            _kmq.push(['record', 'Strict Done']);
          </script>`,
          snippet: snippetTag(rec, { 'data-flush-interval': 200, 'data-validation': 'strict' }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('Strict Done').length === 1, { what: 'Strict Done' });
      await sleep(500);
      const created = rec.events('account_created');
      assert.equal(created.length, 1, rec.dump());
      assert.deepEqual(created[0].properties, { accountId: 'acct_ok' });
      assert.ok(
        page.consoleLines.includes('warning: trackq: account_created: dropped (data-validation="strict")'),
        `a trackq: warning for the dropped event, in full (the development wasm); console:\n${page.consoleLines.join('\n')}`,
      );
    } finally {
      await closeContext(page.context());
      await rec.close();
    }
  });
});
