// Page View (data-page-views, auto_page.mjs) on load and on each single-page-app navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { waitForSnippet } from '../test_page.mjs';
import { inBothBuilds } from './auto_page.mjs';

inBothBuilds(({ buildPage, setup }) => {
  test('Page View on load and on pushState, replaceState, popstate and hashchange', async () => {
    const { rec, page, done } = await setup();
    try {
      const url = rec.page('/spa.html', buildPage(rec, { attrs: { 'data-page-views': true } }));
      await page.goto(url);
      await waitForSnippet(page);
      await page.evaluate(() => history.pushState({}, '', '/spa/pricing'));
      await page.evaluate(() => history.replaceState({ tab: 1 }, '', '/spa/pricing')); // same URL: no view
      await page.evaluate(() => history.replaceState({}, '', '/spa/pricing?plan=pro'));
      await page.evaluate(() => (location.hash = 'faq'));
      await page.waitForFunction(() => location.hash === '#faq');
      await page.evaluate(() => history.back());
      await page.waitForFunction(() => location.hash === '');
      await page.evaluate(() => _kmq.push(['record', 'Chose Plan']));
      await rec.waitFor(() => rec.events('Chose Plan').length === 1, { what: 'Chose Plan' });
      const views = rec.events('Page View').map((m) => [m.properties['Viewed URL'], m.properties.Referrer]);
      const o = rec.origin;
      assert.deepEqual(views, [
        [url, undefined],
        [`${o}/spa/pricing`, url],
        [`${o}/spa/pricing?plan=pro`, `${o}/spa/pricing`],
        [`${o}/spa/pricing?plan=pro#faq`, `${o}/spa/pricing?plan=pro`],
        [`${o}/spa/pricing?plan=pro`, `${o}/spa/pricing?plan=pro#faq`],
      ]);
      const { page: where } = rec.events('Chose Plan')[0].context;
      assert.equal(where.url, `${o}/spa/pricing?plan=pro`, 'later events carry the page navigated to');
      assert.equal(where.path, '/spa/pricing');
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });
});
