// Seed 000's page as a new user writes it from the seed: the seed's placeholder
// `identify`, then the site's own, then every example, all queued before trackq loads;
// then the visitor leaves.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { recorderAndPage } from './recorder.mjs';
import { launchBrowser } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';
import { SEED } from './seed_kmq.mjs';

const PLACEHOLDER = 'your_identifier_here';
const USER = 'ann@acme.com';

function seedPage(rec, attrs = {}) {
  const pushes = [['identify', PLACEHOLDER], ['identify', USER], ...SEED.map(([cmd]) => cmd)];
  const lines = pushes.map((p) => `_kmq.push(${JSON.stringify(p)});`).join('\n');
  return pageHtml({
    title: 'seed 000',
    head: `<script>\nvar _kmq = _kmq || [];\n${lines}\n</script>`,
    snippet: snippetTag(rec, attrs),
  });
}

describe('the seed 000 page', { timeout: 120_000 }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('Visited Site carries the identity the queued commands end with', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      await page.goto(rec.page('/seed.html', seedPage(rec, { 'data-flush-interval': 200 })));
      await waitForSnippet(page);
      await rec.waitFor(() => rec.events('Visited Site').length === 1 && rec.messages().length >= SEED.length + 3, {
        what: 'every message',
      });
      const [visit] = rec.events('Visited Site');
      assert.equal(visit.userId, USER, JSON.stringify(visit));
      // ... and still comes first among the events.
      const tracks = rec.messages().filter((m) => m.type === 'track');
      assert.equal(tracks[0].event, 'Visited Site');
    } finally {
      await done();
    }
  });

  test('leaving while the first batches are in flight: each message arrives once', async () => {
    const { rec, page, done } = await recorderAndPage(browser);
    try {
      // A slow collector: the keepalive fetches sent at load are still unanswered when the
      // page goes. They outlive the page, so their messages must not be beaconed again.
      rec.slowAnswers(1500);
      await page.goto(rec.page('/seed.html', seedPage(rec)));
      await waitForSnippet(page);
      await rec.waitFor(() => rec.requests.length >= 1, { what: 'the first batch' });
      await page.evaluate(() => {
        window.location.href = '/other';
      });
      await page.waitForURL('**/other');
      const want = SEED.length + 3; // + Visited Site, the alias and the identify
      await rec.waitFor(() => rec.messages().length >= want, { what: `${want} messages` });
      await sleep(2000); // a duplicate would have come by now
      const all = rec.allMessages();
      assert.equal(all.length, want, `${all.length} messages on the wire for ${want}\n${rec.dump()}`);
    } finally {
      await done();
    }
  });
});
