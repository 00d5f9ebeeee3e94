// Two collectors on one real PostgreSQL (scripts/demo-pg.sh --pg-only: Debian's server, a
// throwaway cluster made by an unprivileged user on 127.0.0.1) and the live page in headless
// Chromium: events sent through one collector show on the other's /events.html, and a batch
// resent to the second is a duplicate.
//
// Needs PostgreSQL and node_modules (scripts/install.sh) and the collector binary
// (collector_process.mjs).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './recorder.mjs';
import { launchBrowser } from './browser.mjs';
import { startCollector, startUntil } from './collector_process.mjs';

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe('two collectors on one PostgreSQL', () => {
  let pg, a, b;
  before(async () => {
    pg = await startUntil(
      path.join(ROOT, 'scripts/demo-pg.sh'),
      ['--pg-only'],
      { TRACKQ_PG_PORT: String(await freePort()) },
      (line) => (line.match(/database: (postgres:\/\/\S+)/) || [])[1],
      'PostgreSQL',
    );
    a = await startCollector(pg.found);
    b = await startCollector(pg.found);
  });
  after(async () => {
    for (const p of [a, b, pg]) if (p) await p.stop();
  });

  test("an event sent through one shows on the other's live page, once", async () => {
    const batch = JSON.stringify({
      batch: [{ type: 'track', messageId: 'pg-live-1', anonymousId: 'pg-anon', event: 'Signed Up', properties: { plan: 'pro' } }],
    });
    const post = (base) =>
      fetch(`${base}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: batch }).then((r) => r.json());
    assert.equal((await post(a.url)).stored, 1);
    assert.equal((await post(b.url)).duplicates, 1);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${b.url}/events.html`);
      await page.locator('#rows tr.ev').first().waitFor({ timeout: 15000 });
      const rows = await page.$$eval('#rows tr.ev', (trs) => trs.map((tr) => [tr.children[3].textContent, tr.children[4].textContent]));
      assert.deepEqual(rows, [['Signed Up', 'pg-anon']]);
      // And a second event, through the other collector, arrives live.
      const next = JSON.stringify({
        batch: [{ type: 'track', messageId: 'pg-live-2', anonymousId: 'pg-anon', event: 'Upgraded' }],
      });
      await fetch(`${a.url}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: next });
      await page.waitForFunction(() => document.querySelectorAll('#rows tr.ev').length === 2, null, { timeout: 15000 });
      assert.equal(await page.locator('#rows tr.ev').first().locator('td').nth(3).textContent(), 'Upgraded');
    } finally {
      await browser.close();
    }
  });
});
