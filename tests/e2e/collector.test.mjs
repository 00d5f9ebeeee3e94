// The snippet against the real collector (trackq-collector) in headless Chromium: the demo
// page (www/demo.html, which loads the snippet exactly as README tells a customer), and
// what must hold whatever the page does: events pushed just before navigating away arrive,
// a reload keeps the anonymous id and records "Visited Site" once, events made while the
// collector is down arrive once it is back, and two tabs at once store every event exactly
// once. Every check reads the collector's SQLite store through GET /v1/events.
// (The wire forms and endpoints: collector_wire.test.mjs.)
//
// Needs dist/ (./build.sh), node_modules (scripts/install.sh) and the collector binary
// (collector_process.mjs).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, waitForSnippet } from './test_page.mjs';
import {
  assertUniqueIds, collectorPages, named, ready, start, storedEvents, waitForStored,
} from './collector_pages.mjs';

describe('the snippet against trackq-collector', { skip: ready ? false : 'dist/ not built (./build.sh)' }, () => {
  const setup = collectorPages('trackq-e2e-');

  test('the demo page: sign up, trial, upgrade, seats, billing, cancel arrive once each', async (t) => {
    const { base, context, errors } = await setup(t, 'demo');
    const page = await context.newPage();
    await page.goto(`${base}/demo.html`);
    await waitForSnippet(page);
    await page.fill('#email', 'ann@acme.com');
    await page.selectOption('#plan', 'Pro');
    await page.click('#btn-signup');
    await page.click('#btn-trial');
    await page.click('#btn-upgrade');
    await page.click('#btn-seats');
    await page.click('#btn-billed');
    await page.click('#btn-bad');
    await page.click('#btn-cancel');

    const wanted = ['Visited Site', 'Signed Up', 'trial_started', 'Upgraded', 'seat_added', 'Canceled'];
    const events = await waitForStored(
      base,
      (es) => wanted.every((w) => named(es, w).length >= 1) && named(es, 'Billed').length >= 2,
      'the demo flow',
    );
    for (const w of wanted) assert.equal(named(events, w).length, 1, `${w} once`);
    assertUniqueIds(events);

    const signedUp = named(events, 'Signed Up')[0];
    assert.equal(signedUp.userId, 'ann@acme.com');
    assert.deepEqual(signedUp.message.properties, { 'Plan Name': 'Pro' });
    assert.equal(signedUp.taxonomy, 'kissmetrics');
    assert.equal(named(events, 'trial_started')[0].taxonomy, 'upstack');
    assert.equal(named(events, 'trial_started')[0].message.properties.planId, 'plan_pro');
    assert.equal(named(events, 'seat_added')[0].taxonomy, 'df');
    assert.deepEqual(named(events, 'seat_added')[0].message.properties, { new_seat_count: 10 });
    assert.deepEqual(named(events, 'Upgraded')[0].message.properties, { 'Plan Name': 'Business' });

    const [good, bad] = named(events, 'Billed');
    assert.equal(good.message.properties['Billing Amount'], 29.99);
    assert.equal(good.invalid, false);
    assert.equal(bad.invalid, true, 'a Billed without its amount is flagged');
    assert.deepEqual(bad.problems, [{ property: 'Billing Amount', problem: 'missing' }]);

    // One visitor throughout, every message from the batch endpoint.
    assert.equal(new Set(events.map((e) => e.anonymousId)).size, 1);
    assert.ok(events.every((e) => e.source === 'batch'));

    // The page's own feed shows what the collector stored, the broken one highlighted.
    await page.waitForFunction(() => document.querySelectorAll('#feed tr').length >= 8, null, { timeout: 10000 });
    assert.equal(await page.locator('#feed tr.invalid').count(), 1);
    assert.deepEqual(errors, []);
  });

  test('events pushed just before navigating away arrive', async (t) => {
    const { base, context } = await setup(t, 'leave');
    const page = await context.newPage();
    await page.goto(`${base}/demo.html`);
    await waitForSnippet(page);
    await waitForStored(base, (es) => named(es, 'Visited Site').length === 1, 'Visited Site');
    // Push and leave in the same task: only pagehide's beacon can carry these. The next
    // page does not load the snippet, so nothing can resend them later.
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) window._kmq.push(['record', 'Leaving', { n: i }]);
      window._upstack('track', 'signup_started', { source: 'pricing_page' });
      location.href = '/index.html';
    });
    await page.waitForURL(`${base}/index.html`);
    const events = await waitForStored(
      base,
      (es) => named(es, 'Leaving').length >= 5 && named(es, 'signup_started').length >= 1,
      'the events pushed before leaving',
    );
    assert.deepEqual(
      named(events, 'Leaving').map((e) => e.message.properties.n).sort(),
      [0, 1, 2, 3, 4],
    );
    assert.equal(named(events, 'signup_started').length, 1);
    assertUniqueIds(events);
  });

  test('a reload mid-session keeps the anonymous id and records Visited Site once', async (t) => {
    const { base, context } = await setup(t, 'reload');
    const page = await context.newPage();
    await page.goto(`${base}/demo.html`);
    await waitForSnippet(page);
    await page.evaluate(() => window._kmq.push(['record', 'Before Reload']));
    // Reload right away: "Before Reload" may still be waiting in the outbox.
    await page.reload();
    await waitForSnippet(page);
    await page.evaluate(() => window._kmq.push(['record', 'After Reload']));
    await page.click('#btn-upgrade');
    const events = await waitForStored(
      base,
      (es) => ['Before Reload', 'After Reload', 'Upgraded'].every((n) => named(es, n).length >= 1),
      'events on both sides of the reload',
    );
    await sleep(1500); // a late duplicate "Visited Site" would show up by now
    const all = await storedEvents(base);
    assert.equal(named(all, 'Visited Site').length, 1, 'Visited Site once per session');
    assert.equal(named(all, 'Before Reload').length, 1);
    assert.equal(named(all, 'After Reload').length, 1);
    assert.equal(new Set(all.map((e) => e.anonymousId)).size, 1, 'the same anonymous id');
    assertUniqueIds(events);
  });

  test('while the collector is down nothing is lost; once back everything arrives once', async (t) => {
    const { base, context, db, collector } = await setup(t, 'down');
    const page = await context.newPage();
    await page.goto(`${base}/demo.html`);
    await waitForSnippet(page);
    await waitForStored(base, (es) => named(es, 'Visited Site').length === 1, 'Visited Site');
    await collector.stop();

    // Pushed while nothing listens: fetches fail, the snippet keeps them and backs off.
    await page.evaluate(() => {
      for (let i = 0; i < 6; i++) window._kmq.push(['record', 'While Down', { n: i }]);
      window._kmq.push(['billed', 49, 'Annual top-up']);
    });
    await sleep(4000);
    await page.evaluate(() => window._kmq.push(['record', 'While Down', { n: 6 }]));
    await sleep(2000);

    // Back on the same port with the same database.
    const again = await start(db, collector.port);
    t.after(() => again.stop());
    const events = await waitForStored(
      base,
      (es) => named(es, 'While Down').length >= 7 && named(es, 'Billed').length >= 1,
      'the events made while the collector was down',
      60000,
    );
    await sleep(1500);
    const all = await storedEvents(base);
    assert.deepEqual(
      named(all, 'While Down').map((e) => e.message.properties.n).sort(),
      [0, 1, 2, 3, 4, 5, 6],
    );
    assert.equal(named(all, 'Billed').length, 1);
    assert.equal(named(all, 'Visited Site').length, 1);
    assertUniqueIds(events);
  });

  test('two tabs at once: every event is stored exactly once', async (t) => {
    const { base, context } = await setup(t, 'tabs');
    // The visitor has the site open, then opens a second tab. (Two tabs loading at the
    // same instant on a first visit can each mint an anonymous id: Chromium's
    // localStorage reaches other renderer processes asynchronously.)
    const a = await context.newPage();
    await a.goto(`${base}/demo.html`);
    await waitForSnippet(a);
    await waitForStored(base, (es) => named(es, 'Visited Site').length === 1, 'Visited Site');
    const b = await context.newPage();
    await b.goto(`${base}/demo.html`);
    await waitForSnippet(b);
    const N = 30;
    const burst = (page, tab) =>
      page.evaluate(
        ([tab, n]) =>
          new Promise((resolve) => {
            let i = 0;
            const next = () => {
              window._kmq.push(['record', 'Tab Event', { tab, n: i }]);
              if (++i < n) setTimeout(next, 10);
              else resolve();
            };
            next();
          }),
        [tab, N],
      );
    await Promise.all([burst(a, 'A'), burst(b, 'B')]);
    // Close one tab while its last events may still be waiting: its beacon or the other
    // tab must deliver them.
    await b.close();
    const events = await waitForStored(
      base,
      (es) => named(es, 'Tab Event').length >= 2 * N,
      `${2 * N} tab events`,
      30000,
    );
    await sleep(2000);
    const all = await storedEvents(base);
    const tabEvents = named(all, 'Tab Event');
    assert.equal(tabEvents.length, 2 * N, 'no tab event stored twice or lost');
    const keys = tabEvents.map((e) => `${e.message.properties.tab}${e.message.properties.n}`);
    assert.equal(new Set(keys).size, 2 * N);
    assert.equal(new Set(all.map((e) => e.anonymousId)).size, 1, 'tabs share the visitor');
    assert.equal(named(all, 'Visited Site').length, 1, 'one session across the tabs');
    assertUniqueIds(events);
  });
});
