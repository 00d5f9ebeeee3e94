// The rest of KISSmetrics' library on real pages (kissmetrics/km-support,
// `_posts/2012-10-19-javascript-settings.md` and `_posts/2013-04-19-javascript-specific.md`):
// what trackq records by itself (Returning, Ad Campaign Hit, Search Engine Hit, Page View
// with single-page-app navigations, the URL API) and trackClick, trackClickOnOutboundLink
// and trackSubmit. They are the `autotrack` feature, in both builds: dist/ and dist/kmq/.
// This module is the page and the describe block the tests of this folder share; each
// *.test.mjs beside it is one part of the feature.
import { describe, before, after } from 'node:test';
import { recorderAndPage } from '../recorder.mjs';
import { launchBrowser } from '../browser.mjs';
import { pageHtml, snippetTag } from '../test_page.mjs';

/** A page with the snippet of `build` ('' for dist/, 'kmq/'); `head` runs before it loads. */
function autoPage(rec, build, { head = '', body = '', attrs = {} } = {}) {
  const tag = snippetTag(rec, { 'data-flush-interval': 100, ...attrs }).replace(
    '/trackq/trackq.js',
    `/trackq/${build}trackq.js`,
  );
  return pageHtml({ head: `<script>var _kmq = _kmq || [];\n${head}\n</script>`, snippet: tag, body });
}

/** What arrived, in order: a track message's event name, any other message's type. */
export const names = (rec) => rec.messages().map((m) => (m.type === 'track' ? m.event : m.type));

/**
 * `tests({ buildPage, setup })` in a describe block of each build, with one browser for its
 * tests: `buildPage(rec, opts)` is `autoPage` of that build, `setup()` a fresh recorder and page.
 */
export function inBothBuilds(tests) {
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
      tests({ buildPage, setup: () => recorderAndPage(browser) });
    });
  }
}
