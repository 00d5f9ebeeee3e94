// Two first visits in fresh browser contexts: each gets its own anonymous id, so the random
// bits the bootstrap hands over at boot reach the core (without them every page would start
// from the same fixed seed and make the same id).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { closeContext, newPage } from '../browser.mjs';
import { browserAndRecorder } from '../suite.mjs';
import { pageHtml, snippetTag, waitForSnippet } from '../test_page.mjs';
import { UUID } from './readme_page.mjs';

describe('trackq snippet on a page', { timeout: 60_000 }, () => {
  let browser;
  let rec;

  browserAndRecorder((b, r) => {
    browser = b;
    rec = r;
  });

  test('two first visits get two anonymous ids', async () => {
    const ids = [];
    for (const path of ['/first.html', '/second.html']) {
      const page = await newPage(browser);
      try {
        await page.goto(rec.page(path, pageHtml({ snippet: snippetTag(rec) })));
        await waitForSnippet(page);
        ids.push(await page.evaluate(() => localStorage.getItem('tq1:aid')));
      } finally {
        await closeContext(page.context());
      }
    }
    for (const id of ids) assert.match(String(id), UUID);
    assert.notEqual(ids[0], ids[1]);
  });
});
