// Reloading the README page (readme_page.mjs): the same visitor, one Visited Site per session.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from '../test_page.mjs';
import { UUID, stub, assertMessageShape, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

  test('(c) reload keeps the anonymousId and does not repeat Visited Site', async () => {
    const { rec, page, done } = await setup();
    try {
      // No identify here: an anonymous visitor.
      const url = rec.page(
        '/reload.html',
        pageHtml({
          head: stub({ identify: null, pushes: [['record', 'First Load']] }),
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await rec.waitFor(() => rec.events('First Load').length === 1 && rec.events('Visited Site').length >= 1, {
        what: 'First Load and Visited Site',
      });
      const anon = rec.events('First Load')[0].anonymousId;
      assert.match(String(anon), UUID);
      assert.equal(rec.events('Visited Site')[0].anonymousId, anon);

      await page.reload();
      await waitForSnippet(page);
      await page.evaluate(() => window._kmq.push(['record', 'After Reload']));
      await rec.waitFor(() => rec.events('After Reload').length === 1, { what: 'After Reload' });
      await sleep(1000);
      assert.equal(rec.events('After Reload')[0].anonymousId, anon, 'same anonymousId after reload');
      assert.equal(rec.events('First Load').length, 2, `the stub's record runs again on reload\n${rec.dump()}`);
      assert.equal(rec.events('Visited Site').length, 1, `Visited Site once per session\n${rec.dump()}`);
      for (const m of rec.messages()) {
        assertMessageShape(m);
        assert.equal(m.anonymousId, anon);
        assert.equal(m.userId, undefined, `no userId before identify: ${JSON.stringify(m)}`);
      }
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });
});
