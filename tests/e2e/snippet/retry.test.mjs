// The README page (readme_page.mjs) against a collector that refuses for a while (500, 429 with
// Retry-After): the same messages arrive later, not back to back.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag } from '../test_page.mjs';
import { stub, assertBodies, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

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
});
