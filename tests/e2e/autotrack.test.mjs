// The rest of KISSmetrics' library on real pages (kissmetrics/km-support,
// `_posts/2012-10-19-javascript-settings.md` and `_posts/2013-04-19-javascript-specific.md`):
// what trackq records by itself (Returning, Ad Campaign Hit, Search Engine Hit, Page View
// with single-page-app navigations, the URL API) and trackClick, trackClickOnOutboundLink
// and trackSubmit. They are the `autotrack` feature, in both builds: dist/ and dist/kmq/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, recorderAndPage, pageHtml, snippetTag, waitForSnippet, sleep } from './recorder.mjs';

/** A page with the snippet of `build` ('' for dist/, 'kmq/'); `head` runs before it loads. */
function autoPage(rec, build, { head = '', body = '', attrs = {} } = {}) {
  const tag = snippetTag(rec, { 'data-flush-interval': 100, ...attrs }).replace(
    '/trackq/trackq.js',
    `/trackq/${build}trackq.js`,
  );
  return pageHtml({ head: `<script>var _kmq = _kmq || [];\n${head}\n</script>`, snippet: tag, body });
}

const names = (rec) => rec.messages().map((m) => (m.type === 'track' ? m.event : m.type));

async function assertNoPageErrors(page) {
  const inPage = await page.evaluate(() => window.__errors).catch(() => []);
  assert.deepEqual(page.errors, [], 'uncaught exceptions (pageerror)');
  assert.deepEqual(inPage, [], 'errors seen by window.onerror / unhandledrejection');
}

for (const build of ['', 'kmq/']) {
  describe(`what dist/${build} records by itself, and click and form tracking`, { timeout: 180_000 }, () => {
    const buildPage = (rec, opts) => autoPage(rec, build, opts);
    let browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    test('a campaign URL from a search engine: Visited Site, Ad Campaign Hit, Search Engine Hit', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
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
      const { rec, page, done } = await recorderAndPage(browser);
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
      const { rec, page, done } = await recorderAndPage(browser);
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
      const { rec, page, done } = await recorderAndPage(browser);
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

    test('Page View on load and on pushState, replaceState, popstate and hashchange', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
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

    test('trackClick by id, .class and Element, on elements added after the command', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
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
      const { rec, page, done } = await recorderAndPage(browser);
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

    test('trackSubmit: the fields it may take, never the ones it must not, and who submitted', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        const head = `_kmq.push(['trackSubmit', 'signup_form', 'Signed Up', { variation: 'single page' }]);`;
        const body = `
          <form id="signup_form" action="/other" method="get">
            <input name="name" value="Ann">
            <input name="e_mail" type="email" value="ann@acme.com">
            <input name="password" type="password" value="hunter2">
            <input name="csrf" type="hidden" value="t0k3n">
            <textarea name="about">secret notes</textarea>
            <input name="cc_number" value="plain">
            <input name="billing_zip" value="94105">
            <input name="coupon" class="km_ignore" value="FREE10">
            <input name="ref" type="hidden" class="km_include" value="ad7">
            <input name="card" value="4111 1111 1111 1111">
            <input name="tax_id" class="km_include" value="078-05-1120">
            <input name="newsletter" type="checkbox">
            <input name="terms" type="checkbox" checked>
            <select name="plan"><option>basic</option><option selected>pro</option></select>
            <button id="send" name="go" value="yes">Sign up</button>
          </form>`;
        await page.goto(rec.page('/form.html', buildPage(rec, { head, body })));
        await waitForSnippet(page);
        await page.click('#send');
        await page.waitForURL('**/other**');
        await rec.waitFor(() => rec.events('Signed Up').length === 1, { what: 'Signed Up' });
        const [signed] = rec.events('Signed Up');
        assert.deepEqual(signed.properties, {
          variation: 'single page',
          name: 'Ann',
          e_mail: 'ann@acme.com',
          ref: 'ad7',
          terms: 'on',
          plan: 'pro',
        });
        assert.equal(signed.userId, 'ann@acme.com', 'the email field identifies the anonymous visitor');
        const alias = rec.messages().find((m) => m.type === 'alias');
        assert.equal(alias?.userId, 'ann@acme.com');
        const everything = rec.requests.map((r) => r.text).join('\n');
        for (const secret of ['hunter2', 't0k3n', 'secret notes', 'plain', '94105', 'FREE10', '4111', '078-05-1120']) {
          assert.ok(!everything.includes(secret), `${secret} was sent`);
        }
      } finally {
        await done();
      }
    });

    test('trackSubmit by .class counts a form added after the command', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        const head = `_kmq.push(['trackSubmit', '.invite_form', 'Invite Form Submitted']);`;
        await page.goto(rec.page('/later-form.html', buildPage(rec, { head })));
        await waitForSnippet(page);
        await page.evaluate(() => {
          const form = document.createElement('form');
          form.className = 'invite_form';
          form.setAttribute('onsubmit', 'event.preventDefault(); window.submitted = true');
          form.innerHTML = '<input name="friend" value="Bob"><button id="send">Invite</button>';
          document.body.append(form);
        });
        await page.click('#send');
        await rec.waitFor(() => rec.events('Invite Form Submitted').length === 1, { what: 'Invite Form Submitted' });
        assert.deepEqual(rec.events('Invite Form Submitted')[0].properties, { friend: 'Bob' });
        assert.equal(await page.evaluate(() => window.submitted), true, "the page's own handler still runs");
        await assertNoPageErrors(page);
      } finally {
        await done();
      }
    });

    test('data-form-fields="off" captures no field', async () => {
      const { rec, page, done } = await recorderAndPage(browser);
      try {
        const head = `_kmq.push(['trackSubmit', '.signup', 'Signed Up']);`;
        const body = `
          <form class="signup" onsubmit="event.preventDefault(); window.submitted = true">
            <input name="email" value="ann@acme.com"><button id="send">Sign up</button>
          </form>`;
        await page.goto(rec.page('/off.html', buildPage(rec, { head, body, attrs: { 'data-form-fields': 'off' } })));
        await waitForSnippet(page);
        await page.click('#send');
        await rec.waitFor(() => rec.events('Signed Up').length === 1, { what: 'Signed Up' });
        assert.deepEqual(rec.events('Signed Up')[0].properties, {});
        assert.equal(rec.events('Signed Up')[0].userId, undefined);
        assert.equal(await page.evaluate(() => window.submitted), true);
        await assertNoPageErrors(page);
      } finally {
        await done();
      }
    });
  });
}
