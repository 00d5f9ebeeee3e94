// How the README page's (readme_page.mjs) bodies leave, as its script tag sets it: a full batch
// at once (data-batch-size), gzip or plain JSON (data-gzip), beacons only (data-transport).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet } from '../test_page.mjs';
import { stub, assertBodies, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

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

  test('a burst of pushes sets the timer a few times, not once a push', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page('/burst-timers.html', pageHtml({ snippet: snippetTag(rec) }));
      await page.goto(url);
      await waitForSnippet(page);
      // Every push hands the time to the tracker's next deadline to the host (whole ms);
      // the host keeps its timer while that is the same (a new timer a push cost about
      // 2 µs each), so at most one a millisecond.
      const timers = await page.evaluate(() => {
        const setTimeout = window.setTimeout;
        let calls = 0;
        window.setTimeout = function () {
          calls++;
          return setTimeout.apply(this, arguments);
        };
        for (let i = 0; i < 200; i++) window._kmq.push(['record', 'Burst', { i }]);
        window.setTimeout = setTimeout;
        return calls;
      });
      assert.ok(timers <= 40, `${timers} timers set for 200 pushes`);
      // Two full batches leave at once, the rest when the flush interval ends.
      await rec.waitFor(() => rec.events('Burst').length === 200, { timeout: 15000, what: '200 Burst events' });
      assertBodies(rec);
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
