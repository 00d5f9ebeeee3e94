// trackClick and trackClickOnOutboundLink (auto_page.mjs): the elements they count, and an
// outbound link's event leaving with the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors } from '../browser.mjs';
import { waitForSnippet, sleep } from '../test_page.mjs';
import { names, inBothBuilds } from './auto_page.mjs';

inBothBuilds(({ buildPage, setup }) => {
  test('trackClick by id, .class and Element, on elements added after the command', async () => {
    const { rec, page, done } = await setup();
    try {
      const head = `
        _kmq.push(['trackClick', 'invite_link', 'Invite Friends Clicked', { color: 'red' }]);
        _kmq.push(['trackClick', '.play_button', 'Play Button Clicked']);`;
      const body = `
        <a href="#invite" id="invite_link"><span id="inner">Invite</span></a>
        <div id="logo">logo</div>
        <button id="own" onclick="window.ownHandlerRan = true">own handler</button>`;
      await page.goto(rec.page('/click.html', buildPage(rec, { head, body })));
      await waitForSnippet(page);
      await page.evaluate(() => {
        _kmq.push(['trackClick', document.getElementById('logo'), 'Logo Clicked']);
        _kmq.push(['trackClick', 'own', 'Own Clicked']);
        const later = document.createElement('button');
        later.className = 'big play_button';
        later.textContent = 'play';
        document.body.append(later);
      });
      await page.click('#inner');
      await page.click('.play_button');
      await page.click('#logo');
      await page.click('#own');
      await page.click('#logo', { button: 'right' });
      await rec.waitFor(() => rec.events('Own Clicked').length === 1, { what: 'Own Clicked' });
      await sleep(300);
      assert.deepEqual(
        names(rec).filter((n) => n.endsWith('Clicked')),
        ['Invite Friends Clicked', 'Play Button Clicked', 'Logo Clicked', 'Own Clicked'],
      );
      assert.deepEqual(rec.events('Invite Friends Clicked')[0].properties, { color: 'red' });
      assert.equal(await page.evaluate(() => window.ownHandlerRan), true, "the page's own handler still runs");
      await assertNoPageErrors(page);
    } finally {
      await done();
    }
  });

  test('an outbound link: the event leaves with the page; new-tab clicks leave the page alone', async () => {
    const { rec, page, done } = await setup();
    try {
      const head = `_kmq.push(['trackClickOnOutboundLink', '.out', 'Left For Partner']);`;
      const body = `
        <a class="out" id="same" href="/other">partner</a>
        <a class="out" id="blank" href="/other" target="_blank">partner in a tab</a>`;
      // A long flush interval: only the click's beacon can carry the event in time.
      const url = rec.page('/links.html', buildPage(rec, { head, body, attrs: { 'data-flush-interval': 60000 } }));
      await page.goto(url);
      await waitForSnippet(page);
      const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#blank')]);
      await popup.close();
      await page.click('#same', { modifiers: ['Control'] }).catch(() => {});
      assert.equal(page.url(), url, 'modified and target=_blank clicks do not navigate this tab');
      await page.click('#same');
      await page.waitForURL('**/other');
      await rec.waitFor(() => rec.events('Left For Partner').length === 3, { what: 'three Left For Partner' });
      // sendBeacon, not fetch: a beacon is a no-cors request.
      const carried = rec.requests.filter((r) => r.text.includes('Left For Partner'));
      assert.ok(carried.length > 0, rec.dump());
      assert.ok(carried.every((r) => r.headers['sec-fetch-mode'] === 'no-cors'), rec.dump());
    } finally {
      await done();
    }
  });
});
