// The `_kmq`-only build (dist/kmq/, built without the `saas` feature) on a real page in
// headless Chromium: every seed-000 example arrives, the `_upstack` and `_df` globals
// are left alone, text outside ASCII crosses the hand-written glue intact both ways,
// a page that pushes from inside its console.warn hook (a call into the wasm while
// another runs) breaks nothing, and warnings are codes unless the page asks for
// `data-debug` (then the development wasm gives their texts). Needs ./build.sh.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SEED } from './seed_kmq.mjs';
import { launchBrowser } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

// recorder.mjs serves /trackq/* from TRACKQ_DIST: set before it is loaded.
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
process.env.TRACKQ_DIST = path.join(ROOT, 'dist', 'kmq');
const { DIST, recorderAndPage } = await import('./recorder.mjs');

const tracked = (rec) => rec.messages().filter((m) => m.type === 'track' && m.event !== 'Visited Site');

describe('the _kmq-only build (dist/kmq)', { timeout: 120_000 }, () => {
  let browser;

  before(async () => {
    for (const f of ['trackq.js', 'trackq_bg.wasm', 'trackq_debug_bg.wasm']) {
      assert.ok(existsSync(path.join(DIST, f)), `${DIST}/${f} is missing: run ./build.sh first`);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('every seed-000 example arrives; _upstack and _df are not taken over', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const pushes = SEED.map(([cmd]) => `_kmq.push(${JSON.stringify(cmd)});`).join('\n');
      const head = `<script>
        var _kmq = _kmq || [];
        _kmq.push(['identify', 'ann@acme.com']);
        ${pushes}
        window._upstack = function () { (window._upstack.q = window._upstack.q || []).push(arguments); };
        window._upstack('track', 'trial_started', { accountId: 'acc_1', planId: 'pro' });
      </script>`;
      const url = rec.page('/kmq.html', pageHtml({ head, snippet: snippetTag(rec, { 'data-flush-interval': 200 }) }));
      await page.goto(url);
      await waitForSnippet(page);
      await rec.waitFor(() => tracked(rec).length >= SEED.length, { what: `${SEED.length} seed events` });
      await sleep(500);
      const got = tracked(rec).map((m) => ({ event: m.event, properties: m.properties || {} }));
      const expected = SEED.map(([, event, properties]) => ({ event, properties }));
      assert.deepEqual(got, expected, rec.dump());
      assert.ok(tracked(rec).every((m) => m.userId === 'ann@acme.com'));
      const upstack = await page.evaluate(() => ({
        stub: window._upstack.q !== undefined,
        queued: window._upstack.q && window._upstack.q.length,
      }));
      assert.deepEqual(upstack, { stub: true, queued: 1 }, 'the page stub keeps its queue');
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });

  test('text outside ASCII arrives as the page wrote it', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const head = `<script>
        var _kmq = _kmq || [];
        _kmq.push(['record', 'Café ☕ 😀', { 'naïve': 'Grüße, 你好', lone: 'a\\ud800b', ctl: 'tab\\there' }]);
      </script>`;
      const url = rec.page('/utf8.html', pageHtml({ title: 'Prüfung ✓', head, snippet: snippetTag(rec) }));
      await page.goto(url);
      await waitForSnippet(page);
      await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
      await rec.waitFor(() => rec.events('Café ☕ 😀').length === 1, { what: 'the non-ASCII event' });
      const m = rec.events('Café ☕ 😀')[0];
      // A lone surrogate cannot be UTF-8: it arrives as U+FFFD, as TextEncoder makes it.
      assert.deepEqual(m.properties, { 'naïve': 'Grüße, 你好', lone: 'a\ufffdb', ctl: 'tab\there' });
      assert.equal(m.context.page.title, 'Prüfung ✓');
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });

  test('a push from inside console.warn is dropped without an exception; later ones arrive', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const head = `<script>
        var _kmq = _kmq || [];
        var warn = console.warn;
        console.warn = function () {
          window.__hooked = (window.__hooked || 0) + 1;
          _kmq.push(['record', 'From The Hook']);
          return warn.apply(console, arguments);
        };
      </script>`;
      const url = rec.page('/hook.html', pageHtml({ head, snippet: snippetTag(rec, { 'data-flush-interval': 200 }) }));
      await page.goto(url);
      await waitForSnippet(page);
      const result = await page.evaluate(() => {
        let threw = null;
        try {
          _kmq.push(['no such command']);
          _kmq.push(['record', 'After The Hook']);
        } catch (e) {
          threw = String(e);
        }
        return { threw, hooked: window.__hooked || 0 };
      });
      assert.equal(result.threw, null);
      assert.ok(result.hooked >= 1, 'the warning went through the hook');
      await rec.waitFor(() => rec.events('After The Hook').length === 1, { what: 'After The Hook' });
      await sleep(400);
      // The hook's push came while the bad command was being handled: dropped.
      assert.equal(rec.events('From The Hook').length, 0, rec.dump());
      assert.deepEqual(page.errors, []);
    } finally {
      await done();
    }
  });

  // README, "Warnings": the production wasm logs W19 and the command's name; data-debug
  // loads dist/kmq's development wasm, which logs the text.
  for (const [label, attrs, wasm, line] of [
    ['production', {}, 'trackq_bg.wasm', 'warning: trackq: W19 no such command'],
    [
      'data-debug',
      { 'data-debug': true },
      'trackq_debug_bg.wasm',
      'warning: trackq: command dropped: unknown command "no such command"',
    ],
  ]) {
    test(`an unknown command's warning (${label}): ${line}`, async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        const wasms = [];
        page.on('request', (r) => {
          if (r.url().endsWith('.wasm')) wasms.push(path.basename(new URL(r.url()).pathname));
        });
        const head = `<script>
          var _kmq = _kmq || [];
          _kmq.push(['no such command']);
          _kmq.push(['record', 'After The Unknown']);
        </script>`;
        const snippet = snippetTag(rec, { 'data-flush-interval': 200, ...attrs });
        await page.goto(rec.page('/unknown.html', pageHtml({ head, snippet })));
        await rec.waitFor(() => rec.events('After The Unknown').length === 1, { what: 'After The Unknown' });
        assert.deepEqual(wasms, [wasm]);
        const warnings = page.consoleLines.filter((l) => l.startsWith('warning: trackq:'));
        assert.deepEqual(warnings, [line]);
        assert.deepEqual(page.errors, []);
      } finally {
        await done();
      }
    });
  }
});
