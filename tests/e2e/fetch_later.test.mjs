// fetchLater (Chromium 135+): the events waiting to be sent stay registered with the browser,
// so a tab that dies without pagehide (its renderer crashed or killed) still delivers them;
// a browser without it falls back to pagehide's beacons and the next visit. Each case runs
// with the browser's fetchLater and with it hidden from the page.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, recorderAndPage } from './recorder.mjs';
import { launchBrowser } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

const ready = existsSync(path.join(DIST, 'trackq.js'));
// Hides fetchLater from the page, as in a browser without it.
const WITHOUT = 'Object.defineProperty(window, "fetchLater", { value: undefined });';

describe('fetchLater', { skip: ready ? false : 'dist/ not built (./build.sh)' }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const has of [true, false]) {
    const name = has ? 'with fetchLater' : 'without fetchLater';

    test(`${name}: a tab whose renderer crashes ${has ? 'delivers its waiting events' : 'keeps them for a later page'}`, async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        if (!has) await page.addInitScript(WITHOUT);
        // A flush interval of an hour: nothing is fetched while the page lives.
        const url = rec.page('/crash.html', pageHtml({ snippet: snippetTag(rec, { 'data-flush-interval': 3600000 }) }));
        await page.goto(url);
        await waitForSnippet(page);
        assert.equal(await page.evaluate(() => typeof window.fetchLater), has ? 'function' : 'undefined');
        await page.evaluate(() => {
          for (let i = 0; i < 5; i++) window._kmq.push(['record', 'Crash', { i }]);
        });
        await sleep(300); // the task ends: the events are stored (and registered)
        const cdp = await page.context().newCDPSession(page);
        // The renderer dies: no pagehide. (The command has no answer: not awaited.)
        cdp.send('Page.crash').catch(() => {});
        await sleep(3000);
        const crashed = () => new Set(rec.events('Crash').map((m) => m.properties.i)).size;
        assert.equal(crashed(), has ? 5 : 0, rec.dump());
        // Either way they are still stored for a later page (which adopts a tab that died
        // without saying goodbye once its heartbeat is 2 minutes old; the collector keeps
        // each message once).
        const again = await page.context().newPage();
        await again.goto(url);
        const stored = await again.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith('tq1:m:'))
            .map((k) => localStorage.getItem(k))
            .join('\n'),
        );
        assert.equal((stored.match(/"event":"Crash"/g) || []).length, 5, stored);
      } finally {
        await done();
      }
    });

    test(`${name}: 300 events then leaving in the same task all arrive within 3 s`, async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        if (!has) await page.addInitScript(WITHOUT);
        const url = rec.page('/leave.html', pageHtml({ snippet: snippetTag(rec) }));
        await page.goto(url);
        await waitForSnippet(page);
        await page.evaluate(() => {
          for (let i = 0; i < 300; i++) window._kmq.push(['record', 'Leave', { i }]);
          location.href = '/other';
        });
        await page.waitForURL('**/other');
        await sleep(3000);
        assert.equal(new Set(rec.events('Leave').map((m) => m.properties.i)).size, 300);
      } finally {
        await done();
      }
    });
  }
});
