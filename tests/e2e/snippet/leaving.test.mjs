// Leaving the README page (readme_page.mjs) right after pushing: the commands leave on pagehide,
// and what the beacons cannot carry waits for the next visit.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from '../test_page.mjs';
import { USER, stub, assertBodies, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

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
});
