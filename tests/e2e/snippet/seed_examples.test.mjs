// Every seed-000 `_kmq` example on the README page (readme_page.mjs), queued before the snippet
// loads and pushed again after: each arrives as the expected event, in order, with the user id.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from '../test_page.mjs';
import { SEED } from '../seed_kmq.mjs';
import { USER, stub, assertBodies, assertMessageShape, snippetPages } from './readme_page.mjs';

/** Track messages other than the automatic "Visited Site". */
const tracked = (rec) => rec.messages().filter((m) => m.type === 'track' && m.event !== 'Visited Site');

/** Sorted by timestamp, ties kept in arrival order (the order within and across batches). */
const byTime = (msgs) =>
  msgs
    .map((m, i) => [m, i])
    .sort((a, b) => (a[0].timestamp < b[0].timestamp ? -1 : a[0].timestamp > b[0].timestamp ? 1 : a[1] - b[1]))
    .map(([m]) => m);

const summary = (m) => ({ event: m.event, properties: m.properties || {} });

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

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
});
