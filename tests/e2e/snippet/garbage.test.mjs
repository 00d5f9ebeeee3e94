// Garbage pushed to `_kmq` on the README page (readme_page.mjs): nothing thrown, `trackq:`
// warnings in the console (codes: the production wasm), and the commands after it still
// arrive.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from '../test_page.mjs';
import { USER, assertBodies, snippetPages } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 240_000 }, () => {
  const setup = snippetPages();

  test('(e) garbage pushed to _kmq never throws; later commands still arrive', async () => {
    const { rec, page, done } = await setup();
    try {
      const garbage = `
        var cyclic = { a: 1 }; cyclic.self = cyclic;
        var garbage = [
          null, undefined, 'str', 42, {}, [], ['nope'], ['billed', 'abc'], ['record'],
          ['record', 42], ['record', 'Cyclic', cyclic], ['record', 'Big', { n: 10n }],
          ['record', 'Sym', { s: Symbol('x') }], ['identify'], ['identify', {}],
          ['record', 'Fn', { f: function () {} }], [Symbol('x')], ['set', null],
        ];`;
      const url = rec.page(
        '/garbage.html',
        pageHtml({
          head: `<script>${garbage}
            var _kmq = _kmq || [];
            _kmq.push(['identify', ${JSON.stringify(USER)}]);
            for (var i = 0; i < garbage.length; i++) _kmq.push(garbage[i]);
            _kmq.push(['record', 'After Garbage', { when: 'before load' }]);
          </script>`,
          snippet: snippetTag(rec, { 'data-flush-interval': 200 }),
        }),
      );
      await page.goto(url);
      await waitForSnippet(page);
      const thrown = await page.evaluate(() => {
        const out = [];
        const list = window.garbage.concat([[], ['record', 'Cyclic', window.cyclic]]);
        for (const g of list) {
          try {
            window._kmq.push(g);
          } catch (e) {
            out.push(String(e));
          }
        }
        try {
          window._kmq.push();
          window._kmq.push(['record', 'After Garbage', { when: 'after load' }], null, 'x');
        } catch (e) {
          out.push(String(e));
        }
        return out;
      });
      assert.deepEqual(thrown, [], '_kmq.push threw');
      await rec.waitFor(() => rec.events('After Garbage').length === 2, { what: 'both After Garbage events' });
      await sleep(500);
      const whens = rec.events('After Garbage').map((m) => m.properties?.when);
      assert.deepEqual(whens, ['before load', 'after load']);
      for (const m of rec.events('After Garbage')) assert.equal(m.userId, USER);
      assertBodies(rec);
      await assertNoPageErrors(page);
      const warnings = page.consoleLines.filter((l) => l.includes('trackq:'));
      assert.ok(warnings.length > 0, `trackq: warnings in the console; saw:\n${page.consoleLines.join('\n')}`);
      // The production wasm logs codes and facts (README, "Warnings"): W19 is an unknown
      // command, W9 a billed without a numeric amount.
      for (const w of warnings) assert.match(w, /^warning: trackq: W\d+( |$)/);
      assert.ok(warnings.includes('warning: trackq: W19 nope'), warnings.join('\n'));
      assert.ok(warnings.includes('warning: trackq: W9'), warnings.join('\n'));
    } finally {
      await done();
    }
  });
});
