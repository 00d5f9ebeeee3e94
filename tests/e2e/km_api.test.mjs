// The rest of KISSmetrics' JavaScript API on a real page (kissmetrics/km-support,
// `_posts/2013-04-19-javascript-specific.md`): the `KM` object once trackq is ready, the
// documented `_kmq.push(function () { KM.record('My Event') })`, `KM_REFERRER`, commands
// with a callback, `KM.i()` and `KM.ab()`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { recorderAndPage } from './recorder.mjs';
import { launchBrowser, assertNoPageErrors } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

const USER = 'ann@acme.com';

/** A page whose inline script (`head`) runs before the snippet (`build`: '' for dist/, 'kmq/') loads. */
function kmPage(rec, head, attrs = {}, build = '') {
  return pageHtml({
    head: `<script>var _kmq = _kmq || [];\n${head}\n</script>`,
    snippet: snippetTag(rec, { 'data-flush-interval': 100, ...attrs }).replace(
      '/trackq/trackq.js',
      `/trackq/${build}trackq.js`,
    ),
  });
}

describe('the KM object', { timeout: 120_000 }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test("a function queued before load calls KM.record; KM's commands after load", async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const head = `
        window.kmBeforeLoad = typeof window.KM;
        _kmq.push(['identify', ${JSON.stringify(USER)}]);
        _kmq.push(function () { KM.record('My Event', { from: 'queued function' }); });`;
      await page.goto(rec.page('/km.html', kmPage(rec, head)));
      await waitForSnippet(page);
      assert.equal(await page.evaluate(() => window.kmBeforeLoad), 'undefined');
      const returned = await page.evaluate(() => [
        KM.set({ Plan: 'Pro' }),
        KM.record('Live Event', { n: 1 }),
        KM.alias('ann@acme.com', 'user_42'),
        KM.identify('bob@acme.com'),
        KM.record('As Bob'),
        KM.clearIdentity(),
        KM.record('Anonymous Again'),
      ]);
      assert.deepEqual(returned, [null, null, null, null, null, null, null].map(() => undefined));
      await rec.waitFor(() => rec.events('Anonymous Again').length === 1, { what: 'Anonymous Again' });
      await sleep(300);
      const [queued] = rec.events('My Event');
      assert.deepEqual(queued.properties, { from: 'queued function' });
      assert.equal(queued.userId, USER);
      assert.deepEqual(rec.events('Live Event')[0].properties, { n: 1 });
      const traits = rec.messages().find((m) => m.type === 'identify' && m.traits?.Plan);
      assert.deepEqual(traits?.traits, { Plan: 'Pro' }, rec.dump());
      const alias = rec.messages().find((m) => m.type === 'alias' && m.previousId === 'ann@acme.com');
      assert.equal(alias?.userId, 'user_42', rec.dump());
      assert.equal(rec.events('As Bob')[0].userId, 'bob@acme.com');
      const again = rec.events('Anonymous Again')[0];
      assert.equal(again.userId, undefined);
      assert.notEqual(again.anonymousId, queued.anonymousId, 'clearIdentity: a new anonymous id');
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM.ts() is Unix seconds; KM.rf() is the referrer', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const first = rec.page('/from.html', '<!doctype html><a id="go" href="/to.html">go</a>');
      rec.page('/to.html', kmPage(rec, ''));
      await page.goto(first);
      await page.click('#go');
      await page.waitForURL('**/to.html');
      await waitForSnippet(page);
      const [ts, rf, now] = await page.evaluate(() => [KM.ts(), KM.rf(), Date.now() / 1000]);
      assert.ok(Number.isInteger(ts) && Math.abs(ts - now) < 2, `KM.ts() ${ts} vs ${now}`);
      assert.equal(rf, first);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM_REFERRER set before load is the referrer of KM.rf() and of Visited Site', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      await page.goto(rec.page('/framed.html', kmPage(rec, "var KM_REFERRER = 'https://parent.example/landing';")));
      await waitForSnippet(page);
      assert.equal(await page.evaluate(() => KM.rf()), 'https://parent.example/landing');
      await rec.waitFor(() => rec.events('Visited Site').length === 1, { what: 'Visited Site' });
      const [visit] = rec.events('Visited Site');
      assert.equal(visit.properties.Referrer, 'https://parent.example/landing', JSON.stringify(visit));
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('a callback runs once, after its message is stored; one that throws breaks nothing', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      // Each callback notes whether its event was in localStorage when it ran.
      const head = `
        window.ran = [];
        function stored(name) {
          return Object.keys(localStorage).some(function (k) {
            return k.indexOf('tq1:m:') == 0 && localStorage.getItem(k).indexOf('"' + name + '"') >= 0;
          });
        }
        function note(name) {
          return function () { window.ran.push([name, stored(name)]); };
        }
        _kmq.push(['record', 'Queued', { a: 1 }, note('Queued')]);
        _kmq.push(['record', 'Throws', function () { throw new Error('boom'); }]);
        _kmq.push(['signedUp', note('Signed Up')]);`;
      await page.goto(rec.page('/cb.html', kmPage(rec, head)));
      await waitForSnippet(page);
      await page.evaluate(() => {
        _kmq.push(['billed', 10, 'Monthly', note('Billed')]);
        _kmq.push(['set', { Plan: 'Pro' }, function () { window.ran.push(['set', true]); }]);
        _kmq.push(['bogus', note('bogus')]);
        KM.record('Via KM', { b: 2 }, note('Via KM'));
      });
      await page.waitForFunction(() => window.ran.length >= 6, null, { timeout: 5000 });
      await sleep(200);
      const ran = await page.evaluate(() => window.ran);
      assert.deepEqual(ran, [
        ['Queued', true],
        ['Signed Up', true],
        ['Billed', true],
        ['set', true],
        ['bogus', false],
        ['Via KM', true],
      ]);
      await rec.waitFor(() => rec.events('Via KM').length === 1, { what: 'Via KM' });
      assert.deepEqual(rec.events('Queued')[0].properties, { a: 1 }, 'the callback is not a property');
      assert.deepEqual(rec.events('Billed')[0].properties, { 'Billing Amount': 10, 'Billing Description': 'Monthly' });
      assert.equal(rec.events('Throws').length, 1);
      assert.ok(
        page.consoleLines.some((l) => l.includes('trackq:') && l.includes('boom')),
        page.consoleLines.join('\n'),
      );
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  /**
   * A page with `head` before the queue's 'Seen' event; once it has arrived, `KM.i()`
   * before and after `KM.identify`, and after `KM.clearIdentity` (then 'After Clear' is
   * recorded): the anonymous id of 'Seen' and the three answers.
   */
  async function idsAcrossIdentity(rec, page, path, head) {
    await page.goto(rec.page(path, kmPage(rec, `${head}\n_kmq.push(['record', 'Seen']);`)));
    await waitForSnippet(page);
    await rec.waitFor(() => rec.events('Seen').length === 1, { what: 'Seen' });
    const ids = await page.evaluate(() => {
      const out = [KM.i()];
      KM.identify('ann@acme.com');
      out.push(KM.i());
      KM.clearIdentity();
      out.push(KM.i());
      KM.record('After Clear');
      return out;
    });
    return { anonymous: rec.events('Seen')[0].anonymousId, ids };
  }

  test('KM.i() is the user id, else the anonymous id', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const { anonymous, ids } = await idsAcrossIdentity(rec, page, '/i.html', '');
      assert.equal(ids[0], anonymous);
      assert.equal(ids[1], 'ann@acme.com');
      assert.match(ids[2], /^[0-9a-f-]{36}$/);
      assert.notEqual(ids[2], anonymous);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM.i() without localStorage: the ids trackq holds in memory', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      // As in a third-party iframe with cookies blocked: reading localStorage throws.
      const head = `
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get: function () { throw new DOMException('Access is denied', 'SecurityError'); }
        });
`;
      const { anonymous, ids } = await idsAcrossIdentity(rec, page, '/i-mem.html', head);
      assert.equal(ids[0], anonymous);
      assert.equal(ids[1], 'ann@acme.com');
      await rec.waitFor(() => rec.events('After Clear').length === 1, { what: 'After Clear' });
      const after = rec.events('After Clear')[0];
      assert.equal(after.userId, undefined);
      assert.equal(ids[2], after.anonymousId, 'the new anonymous id, as the events carry it');
      assert.notEqual(ids[2], anonymous);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM.i() is null while trackq keeps no id: consent pending, then after optOut', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      await page.goto(rec.page('/i-consent.html', kmPage(rec, '', { 'data-consent': 'pending' })));
      await waitForSnippet(page);
      const seen = await page.evaluate(() => {
        const out = [[KM.consent(), KM.i()]];
        KM.optIn();
        KM.record('Opted In');
        out.push([KM.consent(), KM.i()]);
        return out;
      });
      await rec.waitFor(() => rec.events('Opted In').length === 1, { what: 'Opted In' });
      seen.push(await page.evaluate(() => (KM.optOut(), [KM.consent(), KM.i()])));
      assert.deepEqual(seen[0], ['pending', null]);
      assert.deepEqual(seen[1], ['granted', rec.events('Opted In')[0].anonymousId]);
      assert.deepEqual(seen[2], ['denied', null]);
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM.ab() picks a variant, the same on every later page, and sets it as a property', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      const url = rec.page('/ab.html', kmPage(rec, '', {}));
      await page.goto(url);
      await waitForSnippet(page);
      const first = await page.evaluate(() => [
        KM.ab('Signup Button Color', ['red', 'green']),
        KM.ab('Signup Button Color', ['red', 'green']),
        KM.ab('Headline', ['a', 'b', 'c', 'd']),
        KM.ab('Empty', []),
        KM.ab('Bad'),
      ]);
      assert.ok(['red', 'green'].includes(first[0]), String(first[0]));
      assert.equal(first[1], first[0]);
      assert.ok(['a', 'b', 'c', 'd'].includes(first[2]));
      assert.deepEqual(first.slice(3), [undefined, undefined]);
      await page.reload();
      await waitForSnippet(page);
      assert.equal(await page.evaluate(() => KM.ab('Signup Button Color', ['red', 'green'])), first[0]);
      await rec.waitFor(
        () => rec.messages().filter((m) => m.type === 'identify' && m.traits?.['Signup Button Color']).length >= 3,
        { what: 'the variant set as a property on each call' },
      );
      for (const m of rec.messages().filter((m) => m.type === 'identify' && m.traits?.['Signup Button Color'])) {
        assert.deepEqual(m.traits, { 'Signup Button Color': first[0] });
      }
      // Across visitors the pick is random: both colors come up.
      const seen = new Set([first[0]]);
      for (let i = 0; i < 40 && seen.size < 2; i++) {
        await page.evaluate(() => KM.clearIdentity());
        seen.add(await page.evaluate(() => KM.ab('Signup Button Color', ['red', 'green'])));
      }
      assert.equal(seen.size, 2, 'a new visitor may get the other variant');
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('KM.ab() in dist/kmq/ too', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      await page.goto(rec.page('/kmq-ab.html', kmPage(rec, '', {}, 'kmq/')));
      await waitForSnippet(page);
      const picked = await page.evaluate(() => KM.ab('Headline', ['a', 'b']));
      assert.ok(['a', 'b'].includes(picked), String(picked));
      await rec.waitFor(() => rec.messages().some((m) => m.type === 'identify' && m.traits?.Headline === picked), {
        what: 'the variant set as a property',
      });
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });
});
