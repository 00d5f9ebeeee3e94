// The rest of KISSmetrics' JavaScript API on a real page (kissmetrics/km-support,
// `_posts/2013-04-19-javascript-specific.md`): the `KM` object once trackq is ready, the
// documented `_kmq.push(function () { KM.record('My Event') })`, `KM_REFERRER`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, recorderAndPage, pageHtml, snippetTag, waitForSnippet, sleep } from './recorder.mjs';

const USER = 'ann@acme.com';

/** A page whose inline script (`head`) runs before the snippet loads. */
function kmPage(rec, head, attrs = {}) {
  return pageHtml({
    head: `<script>var _kmq = _kmq || [];\n${head}\n</script>`,
    snippet: snippetTag(rec, { 'data-flush-interval': 100, ...attrs }),
  });
}

async function assertNoPageErrors(page) {
  const inPage = await page.evaluate(() => window.__errors).catch(() => []);
  assert.deepEqual(page.errors, [], 'uncaught exceptions (pageerror)');
  assert.deepEqual(inPage, [], 'errors seen by window.onerror / unhandledrejection');
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
});
