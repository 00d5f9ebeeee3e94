// The PII guard as the built wasms run it in the browser (the core's tests run it
// natively): `_df`'s invitee_email sent as the SHA-256 of the trimmed, lowercased
// address, other emails redacted, and `_upstack`'s email properties hashed under
// data-pii="strict". In the production wasm and in the development one (data-debug).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, closeContext } from './browser.mjs';
import { browserAndRecorder } from './suite.mjs';
import { pageHtml, snippetTag, waitForSnippet } from './test_page.mjs';

// printf %s 'ann@acme.com' | sha256sum
const ANN_HASH = 'f9669db96e65a194239696238f1c70f32c9cba34c3d842b805cf2c9e42b1f3a5';

describe('PII guard in the browser', { timeout: 60_000 }, () => {
  let browser;
  let rec;
  browserAndRecorder((b, r) => {
    browser = b;
    rec = r;
  });

  for (const [build, attrs] of [['production', {}], ['development', { 'data-debug': true }]]) {
    test(`${build} wasm: hashed and redacted`, async () => {
      rec.reset();
      const page = await newPage(browser);
      try {
        const url = rec.page(`/pii-${build}.html`, pageHtml({
          snippet: snippetTag(rec, { 'data-flush-interval': 200, 'data-pii': 'strict', ...attrs }),
        }));
        await page.goto(url);
        await waitForSnippet(page);
        await page.evaluate(() => {
          window._df.track('invitation_sent', {
            invitee_email: ' Ann@Acme.COM',
            note: 'ask ann@acme.com or bob@x.io',
          });
          window._upstack('track', 'invite_sent', { inviteeEmail: 'ann@acme.com', seats: 2 });
        });
        await rec.waitFor(() => rec.events('invitation_sent').length === 1 && rec.events('invite_sent').length === 1, {
          what: 'invitation_sent, invite_sent',
        });
        assert.deepEqual(rec.events('invitation_sent')[0].properties, {
          invitee_email_hash: ANN_HASH,
          note: 'ask [redacted email] or [redacted email]',
        });
        assert.deepEqual(rec.events('invite_sent')[0].properties, { inviteeEmailHash: ANN_HASH, seats: 2 });
        assert.deepEqual(page.errors, []);
      } finally {
        await closeContext(page.context());
      }
    });
  }
});
