// Published server-side analytics libraries against the real collector (trackq-collector):
// Segment's `@segment/analytics-node` and RudderStack's `@rudderstack/rudder-sdk-node` (which
// gzips every request by default, with a form Content-Type), and Python's
// `segment-analytics-python` and `rudder-sdk-python` with gzip (python_clients.py, run with the
// venv scripts/install.sh makes in .venv), each send every call type (track, identify, page,
// screen, group, alias) as they would to their own endpoints, with only the host changed. A small recording proxy between library and collector notes each
// request's path, Content-Encoding and status, so the test sees what the library really sent.
//
// Needs node_modules (scripts/install.sh) and the collector binary (collector_process.mjs).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { ROOT } from './recorder.mjs';
import { launchBrowser } from './browser.mjs';
import { freshDir, startCollector } from './collector_process.mjs';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';

const WRITE_KEY = 'wk_clients';

/** A proxy on 127.0.0.1 that forwards to `target` and records each request. */
function recordingProxy(target) {
  const seen = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const out = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (r) => {
          const back = [];
          r.on('data', (c) => back.push(c));
          r.on('end', () => {
            seen.push({
              path: req.url,
              encoding: req.headers['content-encoding'] || null,
              type: req.headers['content-type'] || null,
              gzipMagic: body[0] === 0x1f && body[1] === 0x8b,
              status: r.statusCode,
              reply: Buffer.concat(back).toString(),
            });
            res.writeHead(r.statusCode, r.headers);
            res.end(Buffer.concat(back));
          });
        },
      );
      out.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      out.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() });
    });
  });
}

/** Every stored event whose userId is `user`, oldest first. */
async function storedFor(base, user) {
  const r = await fetch(`${base}/v1/events?after=0&limit=1000&user=${encodeURIComponent(user)}`);
  assert.equal(r.status, 200);
  return (await r.json()).events;
}

/** Every call type, as the library's own README shows it, for `user`. */
function everyCall(lib, user, run) {
  run('track', { userId: user, event: 'Signed Up', properties: { plan: 'pro', big: 12345678901234567 } });
  run('identify', { userId: user, traits: { email: `${user}@acme.com` } });
  run('page', { userId: user, category: 'Docs', name: 'Pricing', properties: { path: '/pricing' } });
  run('screen', { userId: user, name: 'Home', properties: { variant: 'b' } });
  run('group', { userId: user, groupId: 'acme', traits: { name: 'Acme Inc' } });
  run('alias', { userId: user, previousId: `${lib}-anon` });
}

function checkStored(events, lib) {
  const byType = Object.fromEntries(events.map((e) => [e.type, e.message]));
  assert.deepEqual(Object.keys(byType).sort(), ['alias', 'group', 'identify', 'page', 'screen', 'track']);
  assert.equal(byType.track.event, 'Signed Up');
  assert.equal(byType.track.properties.plan, 'pro');
  assert.equal(byType.identify.traits.email.endsWith('@acme.com'), true);
  assert.equal(byType.page.name, 'Pricing');
  assert.equal(byType.page.properties.path, '/pricing');
  assert.equal(byType.screen.name, 'Home');
  assert.equal(byType.group.groupId, 'acme');
  assert.equal(byType.group.traits.name, 'Acme Inc');
  assert.equal(byType.alias.previousId, `${lib}-anon`);
  for (const m of Object.values(byType)) {
    assert.ok(m.messageId, 'every message has a messageId');
    assert.ok(m.context && m.context.library && m.context.library.name, JSON.stringify(m.context));
  }
}

describe('published client libraries against trackq-collector', () => {
  let dbs, collector;
  before(async () => {
    dbs = freshDir('trackq-clients-');
    collector = await startCollector(dbs.db('trackq'), { extra: ['--write-key', WRITE_KEY] });
  });
  after(async () => {
    if (collector) await collector.stop();
    dbs.remove();
  });

  test("Segment's analytics-node: every call type stored", async () => {
    const proxy = await recordingProxy(collector.url);
    try {
      const analytics = new Analytics({ writeKey: WRITE_KEY, host: proxy.url, flushAt: 3, maxRetries: 1 });
      const errors = [];
      analytics.on('error', (e) => errors.push(e));
      everyCall('segment', 'seg-user', (kind, msg) => analytics[kind](msg));
      await analytics.closeAndFlush({ timeout: 10000 });
      assert.deepEqual(errors, []);
      assert.ok(proxy.seen.length >= 2, 'flushed in more than one batch');
      for (const r of proxy.seen) {
        assert.equal(r.path, '/v1/batch');
        assert.equal(r.status, 200, r.reply);
      }
      checkStored(await storedFor(collector.url, 'seg-user'), 'segment');
    } finally {
      proxy.close();
    }
  });

  test("RudderStack's rudder-sdk-node: gzip bodies (its default) with a form Content-Type stored", async () => {
    const proxy = await recordingProxy(collector.url);
    try {
      const client = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: proxy.url, flushAt: 6, retryCount: 0, logLevel: 'error' });
      const sent = [];
      everyCall('rudder', 'rudder-user', (kind, msg) => {
        sent.push(new Promise((resolve) => client[kind](msg, (err) => resolve(err))));
      });
      await client.flush();
      const errs = await Promise.all(sent);
      assert.deepEqual(errs.filter(Boolean).map(String), []);
      assert.ok(proxy.seen.length >= 1);
      for (const r of proxy.seen) {
        assert.equal(r.path, '/v1/batch');
        assert.equal(r.encoding, 'gzip');
        assert.equal(r.gzipMagic, true);
        assert.match(r.type, /^application\/x-www-form-urlencoded/);
        assert.equal(r.status, 200, r.reply);
      }
      const events = await storedFor(collector.url, 'rudder-user');
      checkStored(events, 'rudder');
      // Large integers arrive as the library wrote them.
      const track = events.find((e) => e.type === 'track').message;
      assert.equal(track.properties.big, 12345678901234567);
    } finally {
      proxy.close();
    }
  });

  test("Python's segment-analytics-python and rudder-sdk-python, gzip on: every call type stored", async () => {
    const proxy = await recordingProxy(collector.url);
    try {
      const python = path.join(ROOT, '.venv', 'bin', 'python');
      const out = await new Promise((resolve, reject) =>
        execFile(python, [path.join(ROOT, 'tests/e2e/python_clients.py'), proxy.url, WRITE_KEY], { timeout: 60000 },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
      );
      const report = JSON.parse(out);
      assert.deepEqual(report.segment.errors, []);
      assert.deepEqual(report.rudder.errors, []);
      // The error body carries what RudderStack's library reads (`code`, `message`).
      assert.deepEqual(report.wrong_key, {
        type: 'APIError', status: 401, code: 'unauthorized', message: 'unknown write key',
      });
      const batches = proxy.seen.filter((r) => r.status === 200);
      assert.ok(batches.length >= 2);
      for (const r of batches) {
        assert.equal(r.path, '/v1/batch');
        assert.equal(r.encoding, 'gzip');
        assert.equal(r.gzipMagic, true);
      }
      for (const [lib, user] of [['segment', 'py-seg'], ['rudder', 'py-rudder']]) {
        const events = await storedFor(collector.url, user);
        assert.deepEqual(events.map((e) => e.type).sort(), ['alias', 'group', 'identify', 'page', 'screen', 'track'], lib);
        const byType = Object.fromEntries(events.map((e) => [e.type, e.message]));
        assert.equal(byType.page.name, 'Pricing');
        assert.equal(byType.screen.name, 'Home');
        assert.equal(byType.group.groupId, 'acme');
        assert.equal(byType.alias.previousId, `${user}-anon`);
        // Python's int is exact; so is the stored number.
        const track = events.find((e) => e.type === 'track');
        const raw = await (await fetch(`${collector.url}/v1/events?after=${track.id - 1}&limit=1`)).text();
        assert.match(raw, /"big":12345678901234567890123[,}]/);
      }
    } finally {
      proxy.close();
    }
  });

  test('the live page shows page, screen, group and alias calls with their fields', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${collector.url}/events.html`);
      await page.selectOption('select[name=type]', 'page');
      await page.fill('input[name=user]', 'seg-user');
      const rows = page.locator('#rows tr.ev');
      await rows.first().waitFor({ timeout: 10000 });
      await page.waitForFunction(() => document.querySelectorAll('#rows tr.ev').length === 1, null, { timeout: 10000 });
      assert.deepEqual(
        (await rows.first().locator('td').allTextContents()).slice(2, 6),
        ['page', 'Docs / Pricing', 'seg-user', '{"path":"/pricing","category":"Docs"}'], // analytics-node copies category into properties
      );
      await page.selectOption('select[name=type]', '');
      await page.waitForFunction(() => document.querySelectorAll('#rows tr.ev').length === 6, null, { timeout: 10000 });
      const shown = await page.$$eval('#rows tr.ev', (trs) =>
        trs.map((tr) => [tr.children[2].textContent, tr.children[3].textContent, tr.children[5].textContent]),
      );
      const byType = Object.fromEntries(shown.map(([type, label, props]) => [type, [label, props]]));
      assert.deepEqual(byType.screen, ['Home', '{"variant":"b"}']);
      assert.deepEqual(byType.group, ['group acme', '{"name":"Acme Inc"}']);
      assert.deepEqual(byType.alias, ['segment-anon \u2192 seg-user', '{}']);
      assert.equal(byType.track[0], 'Signed Up');
    } finally {
      await browser.close();
    }
  });
});
