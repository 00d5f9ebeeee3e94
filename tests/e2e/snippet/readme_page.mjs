// The snippet on a real page in headless Chromium, used exactly as README shows it:
//
//   <script>
//     var _kmq = _kmq || [];
//     _kmq.push(['identify', 'ann@acme.com']);
//   </script>
//   <script async src="/trackq/trackq.js" data-endpoint="..." data-key="WRITE_KEY"></script>
//
// What the page sends is checked on the receiving server (tests/e2e/recorder.mjs), which
// also sees the beacons sent on pagehide. Needs dist/ (./build.sh) and
// node_modules (scripts/install.sh). This module is the page and the checks that the tests
// of this folder share; each *.test.mjs beside it is one thing the page does.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, recorderAndPage } from '../recorder.mjs';
import { launchBrowser } from '../browser.mjs';
import { WRITE_KEY } from '../test_page.mjs';

export const USER = 'ann@acme.com';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The README stub: `_kmq` defined, identify queued, then whatever `pushes` holds. */
export function stub({ identify = USER, pushes = [], extra = '' } = {}) {
  const lines = ['var _kmq = _kmq || [];'];
  if (identify) lines.push(`_kmq.push(['identify', ${JSON.stringify(identify)}]);`);
  for (const p of pushes) lines.push(`_kmq.push(${JSON.stringify(p)});`);
  return `<script>\n${extra}\n${lines.join('\n')}\n</script>`;
}

/** Every request: JSON (gzip or not, without a preflight), the write key, sentAt, at most 60 KB. */
export function assertBodies(rec) {
  for (const r of rec.requests) {
    assert.equal(r.parseError, null, `request body is not JSON: ${r.text}`);
    // Gzip bytes go with no Content-Type, JSON as text/plain: neither costs a CORS preflight.
    if (r.gzip) assert.equal(r.contentType, '', `Content-Type of a gzip body: ${r.text}`);
    else assert.match(r.contentType, /^text\/plain/, `Content-Type of ${r.text}`);
    assert.equal(r.body.writeKey, WRITE_KEY, `writeKey in ${r.text}`);
    assert.match(String(r.body.sentAt), ISO, `sentAt in ${r.text}`);
    assert.ok(Array.isArray(r.body.batch) && r.body.batch.length > 0, `batch in ${r.text}`);
    assert.ok(Buffer.byteLength(r.text) <= 60 * 1024, `body of ${Buffer.byteLength(r.text)} bytes is over 60 KB`);
  }
}

/** A message as the wire format has it: type, ids, timestamp, the library's name. */
export function assertMessageShape(m) {
  const s = JSON.stringify(m);
  assert.ok(['track', 'identify', 'alias'].includes(m.type), `type of ${s}`);
  assert.match(String(m.messageId), UUID, `messageId of ${s}`);
  assert.match(String(m.timestamp), ISO, `timestamp of ${s}`);
  assert.match(String(m.anonymousId), UUID, `anonymousId of ${s}`);
  assert.equal(m.context?.library?.name, 'trackq', `context.library.name of ${s}`);
}

/**
 * For a describe block: one browser for its tests (dist/ checked first), and `setup()`: a
 * fresh recorder and page (own context: own localStorage); closed by `done()`.
 */
export function snippetPages() {
  let browser;

  before(async () => {
    for (const f of ['trackq.js', 'trackq_bg.wasm']) {
      assert.ok(existsSync(path.join(DIST, f)), `dist/${f} is missing: run ./build.sh first`);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  return () => recorderAndPage(browser);
}
