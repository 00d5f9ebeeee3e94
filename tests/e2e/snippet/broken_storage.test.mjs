// The README page (readme_page.mjs) with a localStorage that throws: nothing reaches the page,
// events still arrive.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from '../test_page.mjs';
import { USER, stub, assertBodies, assertMessageShape, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

  for (const [name, breakStorage] of [
    [
      'setItem throws QuotaExceededError',
      `Storage.prototype.setItem = function () {
         throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
       };`,
    ],
    [
      'window.localStorage itself throws SecurityError',
      `Object.defineProperty(window, 'localStorage', {
         configurable: true,
         get: function () { throw new DOMException('Access is denied', 'SecurityError'); }
       });`,
    ],
  ]) {
    test(`(d) broken localStorage (${name}): nothing thrown, events still arrive`, async () => {
      const { rec, page, done } = await setup();
      try {
        const url = rec.page(
          '/storage.html',
          pageHtml({
            head: stub({ pushes: [['record', 'Before Load', { storage: 'broken' }]], extra: breakStorage }),
            snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
          }),
        );
        await page.goto(url);
        await waitForSnippet(page);
        await page.evaluate(() => window._kmq.push(['signedUp', 'Premium Plan']));
        await rec.waitFor(
          () => rec.events('Before Load').length === 1 && rec.events('Signed Up').length === 1,
          { what: 'Before Load and Signed Up with broken storage' },
        );
        await sleep(500);
        for (const m of rec.messages()) {
          assertMessageShape(m);
          if (m.type === 'track' && m.event !== 'Visited Site') assert.equal(m.userId, USER, JSON.stringify(m));
        }
        assert.equal(rec.events('Visited Site').length, 1, rec.dump());
        assertBodies(rec);
        await assertNoPageErrors(page);
      } finally {
        await done();
      }
    });
  }
});
