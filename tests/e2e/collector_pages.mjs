// The snippet's pages against the real collector (trackq-collector) in headless Chromium, for
// collector.test.mjs and collector_wire.test.mjs: a collector with a fresh SQLite database per
// test, serving dist/ and www/, a fresh browser context, and what the collector stored as
// GET /v1/events shows it.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST } from './recorder.mjs';
import { closeContext, launchBrowser } from './browser.mjs';
import { sleep } from './test_page.mjs';
import { collectorBin, freshDir, startCollector } from './collector_process.mjs';

/** What www/demo.html carries in data-key. */
export const WRITE_KEY = 'demo_write_key';

/** The collector for these pages: the demo page's write key, the snippet from `DIST`. */
export const start = (db, port = 0) => startCollector(db, { port, extra: ['--dist', DIST, '--write-key', WRITE_KEY] });

/** Every stored event, oldest first (GET /v1/events, paged by `after`). */
export async function storedEvents(base, filter = '') {
  const out = [];
  let after = 0;
  for (;;) {
    const r = await fetch(`${base}/v1/events?after=${after}&limit=1000${filter}`);
    assert.equal(r.status, 200);
    const j = await r.json();
    out.push(...j.events);
    if (j.events.length < 1000) return out;
    after = j.next;
  }
}

/** Polls the store until `predicate(events)` holds; fails with what is stored after `timeout`. */
export async function waitForStored(base, predicate, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let events = [];
  while (Date.now() < end) {
    try {
      events = await storedEvents(base);
      if (predicate(events)) return events;
    } catch {
      // the collector may be restarting
    }
    await sleep(200);
  }
  const names = events.map((e) => `${e.id} ${e.event || e.type} ${e.messageId}`).join('\n');
  throw new Error(`timed out after ${timeout} ms waiting for ${what}; stored:\n${names}`);
}

/** The events named `name`. */
export const named = (events, name) => events.filter((e) => e.event === name);

/** A messageId stored twice would break the UNIQUE index; check the API agrees. */
export function assertUniqueIds(events) {
  const ids = events.map((e) => e.messageId);
  assert.equal(new Set(ids).size, ids.length, 'every messageId once');
}

/** False when dist/ is not built: the suites skip. */
export const ready = existsSync(path.join(DIST, 'trackq.js')) && existsSync(path.join(DIST, 'trackq_bg.wasm'));

/**
 * For a describe block: one browser for its tests, and `setup(t, name)`: a collector with a
 * fresh database, a fresh browser context, and their cleanup when the test ends.
 */
export function collectorPages(prefix) {
  let dbs;
  let browser;

  before(async () => {
    collectorBin();
    dbs = freshDir(prefix);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    dbs?.remove();
  });

  /** A collector with a fresh database, a fresh browser context, and cleanup. */
  async function setup(t, name) {
    const db = dbs.db(name);
    const collector = await start(db);
    const context = await browser.newContext();
    const errors = [];
    context.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
    t.after(async () => {
      await closeContext(context);
      await collector.stop();
    });
    return { db, collector, context, base: collector.url, errors };
  }
  return setup;
}
