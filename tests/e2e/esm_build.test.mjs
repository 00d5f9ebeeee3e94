// The ES-module build (pkg/, for bundlers) on a real page in headless Chromium, used as a
// bundle would use it: `import 'trackq'` as a module script, the settings on a <meta>, the
// wasm found next to the module. Needs ./build.sh.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { WRITE_KEY, pageHtml, waitForSnippet } from './test_page.mjs';

// recorder.mjs serves /trackq/* from TRACKQ_DIST: set before it is loaded.
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
process.env.TRACKQ_DIST = path.join(ROOT, 'pkg');
const { DIST, recorderAndPage } = await import('./recorder.mjs');

describe('the ES-module build (pkg)', { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    for (const f of ['trackq.js', 'trackq_bg.wasm', 'package.json']) {
      assert.ok(existsSync(path.join(DIST, f)), `${DIST}/${f} is missing: run ./build.sh first`);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('package.json points at the module', () => {
    const pkg = JSON.parse(readFileSync(path.join(DIST, 'package.json'), 'utf8'));
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.module, 'trackq.js');
    for (const f of pkg.files) assert.ok(existsSync(path.join(DIST, f)), f);
  });

  test('imported as a module, configured by a <meta>: queued and live commands arrive', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const head = `<meta name="trackq" data-endpoint="${rec.endpoint}" data-key="${WRITE_KEY}" data-flush-interval="200">
        <script>
          var _kmq = _kmq || [];
          _kmq.push(['identify', 'ann@acme.com']);
          _kmq.push(['record', 'Queued Before The Module']);
          window._df = { q: [], track: function () { window._df.q.push(['track'].concat([].slice.call(arguments))); } };
          _df.track('feature_used', { feature_id: 'export' });
        </script>
        <script type="module">import '/trackq/trackq.js';</script>`;
      const url = rec.page('/module.html', pageHtml({ head }));
      await page.goto(url);
      await waitForSnippet(page);
      await page.evaluate(() => window._kmq.push(['record', 'Pushed Live']));
      await rec.waitFor(
        () => ['Queued Before The Module', 'Pushed Live', 'feature_used'].every((e) => rec.events(e).length === 1),
        { what: 'the three events' },
      );
      for (const e of ['Queued Before The Module', 'Pushed Live', 'feature_used']) {
        assert.equal(rec.events(e)[0].userId, 'ann@acme.com', e);
      }
      assert.equal(rec.events('feature_used')[0].context.taxonomy, 'df');
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });
});
