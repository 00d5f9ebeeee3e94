// Stubs that keep their own queue (`_upstack.q` of `arguments`, `_df.q` of
// ['track'|'identify', ...] entries) instead of pushing on `_kmq`: their calls
// made before the snippet loads are replayed, each queue in its own order.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, closeContext } from './browser.mjs';
import { browserAndRecorder } from './suite.mjs';
import { pageHtml, snippetTag, waitForSnippet } from './test_page.mjs';

const STUBS = `
  window._upstack = window._upstack || function () {
    (window._upstack.q = window._upstack.q || []).push(arguments);
  };
  window._df = window._df || { q: [],
    track: function () { _df.q.push(['track'].concat([].slice.call(arguments))); },
    identify: function () { _df.q.push(['identify'].concat([].slice.call(arguments))); } };
  _upstack('track', 'signup_started', { source: 'q_stub' });
  _upstack('identify', 'usr_q', { plan: 'pro' });
  _df.track('logged_in', { method: 'sso' });
  _df.q.push(['seat_added', { new_seat_count: 3 }]);`;

describe('stubs with their own queues', { timeout: 60_000 }, () => {
  let browser;
  let rec;
  browserAndRecorder((b, r) => {
    browser = b;
    rec = r;
  });

  test('_upstack.q and _df.q are replayed once the snippet loads', async () => {
    const page = await newPage(browser);
    try {
      const url = rec.page('/q.html', pageHtml({
        head: `<script>${STUBS}</script>`,
        snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
      }));
      await page.goto(url);
      await waitForSnippet(page);
      const want = ['signup_started', 'logged_in', 'seat_added'];
      await rec.waitFor(() => want.every((e) => rec.events(e).length === 1), { what: want.join(', ') });
      await rec.waitFor(() => rec.messages().some((m) => m.type === 'identify'), { what: 'identify' });
      assert.equal(rec.events('signup_started')[0].context?.taxonomy, 'upstack');
      assert.equal(rec.events('logged_in')[0].context?.taxonomy, 'df');
      assert.deepEqual(rec.events('seat_added')[0].properties, { new_seat_count: 3 });
      const identify = rec.messages().find((m) => m.type === 'identify');
      assert.deepEqual(identify.traits, { plan: 'pro' });
      assert.deepEqual(page.errors, []);
    } finally {
      await closeContext(page.context());
    }
  });
});
