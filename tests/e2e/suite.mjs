// What the page-level suites share: one browser and one recorder for all the tests
// of a `describe`.
import { before, after } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { startRecorder } from './recorder.mjs';

/**
 * Starts a browser and a recorder before the enclosing `describe`'s tests, hands both
 * to `use(browser, rec)`, and closes them after its tests.
 */
export function browserAndRecorder(use) {
  let browser;
  let rec;
  before(async () => {
    browser = await launchBrowser();
    rec = await startRecorder();
    use(browser, rec);
  });
  after(async () => {
    await browser?.close();
    await rec?.close();
  });
}
