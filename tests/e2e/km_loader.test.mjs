// KISSmetrics' own loader snippet, as KISSmetrics publishes it (kissmetrics/km-support,
// `_posts/2013-04-20-javascript.md`), with only the library's URL changed to trackq's:
// `_kmq` and `_kmk` declared, `_kms(u)` inserting an async <script src=u> before the
// page's first script after a 1 ms timeout, then `_kms` of the library and of the
// account's own script (`<key>.1.js`, which fails to load here: trackq needs nothing from
// it). The inserted script has no data-* attributes: trackq reads its settings from the
// query string of its own URL, and takes `_kmk` as the write key when none is given.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { recorderAndPage } from './recorder.mjs';
import { launchBrowser } from './browser.mjs';
import { pageHtml } from './test_page.mjs';

/** The loader snippet with `url` in place of the library's; `pushes` queued after it. */
function kmLoader(url, { kmk = 'KM_ACCOUNT_KEY', pushes = [] } = {}) {
  return `<script type="text/javascript">
  var _kmq = _kmq || [];
  var _kmk = _kmk || ${JSON.stringify(kmk)};
  function _kms(u){
    setTimeout(function(){
      var d = document, f = d.getElementsByTagName('script')[0],
      s = d.createElement('script');
      s.type = 'text/javascript'; s.async = true; s.src = u;
      f.parentNode.insertBefore(s, f);
    }, 1);
  }
  _kms(${JSON.stringify(url)});
  _kms('//doug1izaerwt3.cloudfront.net/' + _kmk + '.1.js');
  ${pushes.map((p) => `_kmq.push(${JSON.stringify(p)});`).join('\n  ')}
</script>`;
}

describe("KISSmetrics' loader snippet", { timeout: 60_000 }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** A recorder and page where the account script's host answers nothing. */
  async function setup() {
    const s = await recorderAndPage(browser);
    await s.page.route('**/doug1izaerwt3.cloudfront.net/**', (route) => route.abort());
    return s;
  }

  test('settings from the query string, _kmk as the write key', async () => {
    const { rec, page, done } = await setup();
    try {
      const src = `/trackq/trackq.js?endpoint=${encodeURIComponent(rec.endpoint)}&flush-interval=100`;
      const url = rec.page(
        '/km.html',
        pageHtml({ head: kmLoader(src, { pushes: [['identify', 'ann@acme.com'], ['record', 'Queued Before Load']] }) }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('Queued Before Load').length === 1, { what: 'the queued event' });
      // Sent within the 100 ms of flush-interval, not the default 5 s.
      await page.evaluate(() => window._kmq.push(['record', 'After Load']));
      const t0 = Date.now();
      await rec.waitFor(() => rec.events('After Load').length === 1, { what: 'After Load', timeout: 3000 });
      assert.ok(Date.now() - t0 < 2500, 'flush-interval from the query string');
      for (const b of rec.batches()) assert.equal(b.writeKey, 'KM_ACCOUNT_KEY', JSON.stringify(b));
      const [visit] = rec.events('Visited Site');
      assert.equal(visit.userId, 'ann@acme.com');
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });

  test('a key in the query string wins over _kmk; data-* attributes win over both', async () => {
    const { rec, page, done } = await setup();
    try {
      const src = `/trackq/trackq.js?endpoint=${encodeURIComponent(rec.endpoint)}&key=FROM_QUERY&batch-size=1`;
      await page.goto(rec.page('/km-key.html', pageHtml({ head: kmLoader(src, { pushes: [['record', 'Keyed']] }) })));
      await rec.waitFor(() => rec.events('Keyed').length === 1, { what: 'Keyed (batch-size=1: at once)' });
      for (const b of rec.batches()) assert.equal(b.writeKey, 'FROM_QUERY');

      rec.reset();
      const tag = `<script async src="/trackq/trackq.js?key=FROM_QUERY&endpoint=/nowhere" data-endpoint="${rec.endpoint}" data-key="FROM_ATTRIBUTE" data-batch-size="1"></script>`;
      await page.goto(rec.page('/tag.html', pageHtml({ head: '<script>var _kmk = "KMK"; var _kmq = [["record", "Tagged"]];</script>', snippet: tag })));
      await rec.waitFor(() => rec.events('Tagged').length === 1, { what: 'Tagged' });
      for (const b of rec.batches()) assert.equal(b.writeKey, 'FROM_ATTRIBUTE');
    } finally {
      await done();
    }
  });

  // The production wasm: the warning is its code (README, "Warnings": W29, no data-endpoint).
  test('without an endpoint anywhere: one warning, nothing thrown', async () => {
    const { rec, page, done } = await setup();
    try {
      await page.goto(rec.page('/km-none.html', pageHtml({ head: kmLoader('/trackq/trackq.js', { pushes: [['record', 'Kept']] }) })));
      await page.waitForFunction(() => window._kmq && window._kmq.push !== Array.prototype.push);
      const warned = page.consoleLines.filter((l) => l === 'warning: trackq: W29');
      assert.equal(warned.length, 1, page.consoleLines.join('\n'));
      assert.equal(rec.requests.length, 0);
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });
});
