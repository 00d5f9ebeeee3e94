// What trackq records by itself when a visitor lands (auto_page.mjs): Visited Site, Ad Campaign
// Hit and Search Engine Hit from the URL and the referrer, the URL API (kmi, kme, km_), each
// switched off by its attribute, and Returning on a second session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { waitForSnippet, sleep } from '../test_page.mjs';
import { names, inBothBuilds } from './auto_page.mjs';

inBothBuilds(({ buildPage, setup }) => {
  test('a campaign URL from a search engine: Visited Site, Ad Campaign Hit, Search Engine Hit', async () => {
    const { rec, page, done } = await setup();
    try {
      rec.page('/land.html', buildPage(rec));
      await page.goto(`${rec.origin}/land.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale&gclid=Cj0`, {
        referer: 'https://www.google.co.uk/search?q=crm+tool&hl=en',
      });
      await rec.waitFor(() => rec.events('Search Engine Hit').length === 1, { what: 'Search Engine Hit' });
      assert.deepEqual(names(rec).slice(0, 3), ['Visited Site', 'Ad Campaign Hit', 'Search Engine Hit']);
      assert.deepEqual(rec.events('Ad Campaign Hit')[0].properties, {
        'Campaign Source': 'newsletter',
        'Campaign Medium': 'email',
        'Campaign Name': 'spring sale',
      });
      assert.deepEqual(rec.events('Search Engine Hit')[0].properties, {
        'Search Engine': 'Google',
        'Search Terms': 'crm tool',
      });
      assert.equal(rec.events('Visited Site')[0].properties.Returning, undefined, 'a first visit');
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('the URL API: kmi identifies, kme records with the km_ properties', async () => {
    const { rec, page, done } = await setup();
    try {
      rec.page('/mail.html', buildPage(rec));
      await page.goto(`${rec.origin}/mail.html?kmi=ann%40acme.com&kme=Opened+Newsletter&km_Issue=42`);
      await rec.waitFor(() => rec.events('Opened Newsletter').length === 1, { what: 'Opened Newsletter' });
      assert.deepEqual(names(rec), ['alias', 'Visited Site', 'Opened Newsletter']);
      const [opened] = rec.events('Opened Newsletter');
      assert.equal(opened.userId, 'ann@acme.com');
      assert.deepEqual(opened.properties, { Issue: '42' });
    } finally {
      await done();
    }
  });

  test('each automatic event switched off by its attribute', async () => {
    const { rec, page, done } = await setup();
    try {
      const attrs = {
        'data-visited-site': 'off',
        'data-campaigns': 'off',
        'data-search-engines': 'false',
        'data-url-api': 'off',
      };
      rec.page('/quiet.html', buildPage(rec, { attrs }));
      await page.goto(`${rec.origin}/quiet.html?utm_source=newsletter&kmi=ann%40acme.com&kme=Opened&km_Issue=42`, {
        referer: 'https://www.bing.com/search?q=crm+tool',
      });
      await waitForSnippet(page);
      await page.evaluate(() => _kmq.push(['record', 'Own Event']));
      await rec.waitFor(() => rec.events('Own Event').length === 1, { what: 'Own Event' });
      await sleep(300);
      assert.deepEqual(names(rec), ['Own Event'], rec.dump());
      assert.equal(rec.events('Own Event')[0].userId, undefined, 'kmi is off with the URL API');
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('a second session (the clock 31 minutes on) is Returning', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page('/app.html', buildPage(rec));
      await page.goto(url);
      await rec.waitFor(() => rec.events('Visited Site').length === 1, { what: 'the first Visited Site' });
      await page.goto(`${rec.origin}/other`);
      // The next page's clock runs 31 minutes ahead (the snippet reads Date.now).
      await page.context().addInitScript(() => {
        const real = Date.now;
        Date.now = () => real() + 31 * 60 * 1000;
      });
      await page.goto(url);
      await rec.waitFor(() => rec.events('Visited Site').length === 2, { what: 'the second Visited Site' });
      const [first, second] = rec.events('Visited Site');
      assert.equal(first.properties.Returning, undefined);
      assert.equal(second.properties.Returning, 1);
      assert.equal(second.anonymousId, first.anonymousId, 'the same visitor');
    } finally {
      await done();
    }
  });
});
