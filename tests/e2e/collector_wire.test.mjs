// The snippet's wire forms against the real collector (trackq-collector) in headless Chromium:
// a RudderStack-style endpoint (/beacon/v1/batch?writeKey=) gets the same beacons, and both
// forms of a body (batch-level context, data-context="message") are stored whole.
//
// Needs dist/ (./build.sh), node_modules (scripts/install.sh) and the collector binary
// (collector_process.mjs).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { waitForSnippet } from './test_page.mjs';
import {
  WRITE_KEY, assertUniqueIds, collectorPages, named, ready, waitForStored,
} from './collector_pages.mjs';

describe('the snippet\'s wire forms against trackq-collector', { skip: ready ? false : 'dist/ not built (./build.sh)' }, () => {
  const setup = collectorPages('trackq-wire-');

  test('a RudderStack-style endpoint (/beacon/v1/batch?writeKey=) gets the same beacons', async (t) => {
    // README's "Beyond one machine": moving to a data plane changes only data-endpoint.
    // The collector stands in for the data plane here, at the same path and query.
    const { base, context } = await setup(t, 'rudder');
    const page = await context.newPage();
    const endpoint = `${base}/beacon/v1/batch?writeKey=${WRITE_KEY}`;
    await page.route(`${base}/pipeline.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>pipeline</title>
<script>var _kmq = _kmq || []; _kmq.push(['identify', 'ann@acme.com']);</script>
<script async src="/trackq/trackq.js" data-endpoint="${endpoint}"></script>`,
      }),
    );
    await page.goto(`${base}/pipeline.html`);
    await waitForSnippet(page);
    await page.evaluate(() => {
      window._kmq.push(['signedUp', 'Pro']);
      location.href = '/index.html';
    });
    const events = await waitForStored(
      base,
      (es) => named(es, 'Signed Up').length === 1 && named(es, 'Visited Site').length === 1,
      'the events sent to /beacon/v1/batch',
    );
    assert.equal(named(events, 'Signed Up')[0].userId, 'ann@acme.com');
    assertUniqueIds(events);
  });

  test('both wire forms (batch-level context, data-context="message") are stored whole', async (t) => {
    const { base, context } = await setup(t, 'forms');
    const bodies = [];
    const forms = {};
    for (const form of ['batch', 'message']) {
      const page = await context.newPage();
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes('/v1/batch')) bodies.push([form, r.postDataBuffer()]);
      });
      const attr = form === 'message' ? ' data-context="message"' : '';
      await page.route(`${base}/form-${form}.html`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>form ${form}</title>
<script async src="/trackq/trackq.js" data-endpoint="/v1/batch" data-key="${WRITE_KEY}" data-batch-size="3"${attr}></script>`,
        }),
      );
      await page.goto(`${base}/form-${form}.html`);
      await waitForSnippet(page);
      await page.evaluate((form) => {
        for (let i = 0; i < 3; i++) window._kmq.push(['record', 'Form Event', { form, i }]);
        window._kmq.push(['billed', 10, 'Form bill']);
      }, form);
      forms[form] = `${base}/form-${form}.html`;
    }
    const events = await waitForStored(
      base,
      (es) => named(es, 'Form Event').length === 6 && named(es, 'Billed').length === 2,
      'the events of both forms',
    );
    for (const e of events) {
      const c = e.message.context;
      assert.ok(c && c.page && c.library && c.userAgent, JSON.stringify(e.message));
      if (e.event === 'Form Event') assert.equal(c.page.url, forms[e.message.properties.form]);
      if (e.event === 'Billed') assert.equal(c.taxonomy, 'kissmetrics');
    }
    assertUniqueIds(events);
    // On the wire: the batch form says page, library and userAgent once per body.
    const decoded = bodies.map(([form, buf]) => {
      const gz = buf && buf[0] === 0x1f && buf[1] === 0x8b;
      return [form, JSON.parse((gz ? gunzipSync(buf) : buf).toString('utf8'))];
    });
    for (const [form, body] of decoded) {
      for (const m of body.batch) {
        assert.equal(Boolean(m.context && m.context.page), form === 'message', JSON.stringify(m));
      }
      assert.equal(Boolean(body.context), form === 'batch', JSON.stringify(body));
    }
    assert.deepEqual([...new Set(decoded.map(([f]) => f))].sort(), ['batch', 'message']);
  });
});
