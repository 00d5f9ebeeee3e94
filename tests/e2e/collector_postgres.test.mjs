// Two collectors on one real PostgreSQL (scripts/demo-pg.sh --pg-only: Debian's server, a
// throwaway cluster made by an unprivileged user on 127.0.0.1) and the live page in headless
// Chromium: events sent through one collector show on the other's /events.html, and a batch
// resent to the second is a duplicate.
//
// Needs PostgreSQL and node_modules (scripts/install.sh) and the collector binary:
// TRACKQ_COLLECTOR_BIN, else `cargo build -p trackq-collector` is run (a no-op when built).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './recorder.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');

function collectorBin() {
  if (process.env.TRACKQ_COLLECTOR_BIN) return process.env.TRACKQ_COLLECTOR_BIN;
  execFileSync('cargo', ['build', '-q', '-p', 'trackq-collector', '--bin', 'trackq-collector'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  return path.join(path.resolve(ROOT, target), 'debug', 'trackq-collector');
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `command` and resolves with the first stdout/stderr line `match` accepts. */
function startUntil(command, args, env, match, what) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${lines.join('\n')}`)), 60000);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${lines.join('\n')}`)));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const found = match(line);
        if (found) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({
            found,
            stop: () =>
              new Promise((done) => {
                if (child.exitCode !== null) return done(child.exitCode);
                child.once('exit', done);
                child.kill('SIGTERM');
              }),
          });
        }
      });
    }
  });
}

function startCollector(db) {
  return startUntil(
    collectorBin(),
    ['--listen', '127.0.0.1:0', '--db', db, '--www', WWW, '--log-format', 'json'],
    { RUST_LOG: 'info' },
    (line) => {
      try {
        const log = JSON.parse(line);
        return log.fields && log.fields.message === 'collector listening' && log.fields.url.replace(/\/$/, '');
      } catch {
        return null;
      }
    },
    'collector',
  );
}

describe('two collectors on one PostgreSQL', () => {
  let pg, a, b;
  before(async () => {
    pg = await startUntil(
      path.join(ROOT, 'scripts/demo-pg.sh'),
      ['--pg-only'],
      { TRACKQ_PG_PORT: String(await freePort()) },
      (line) => (line.match(/database: (postgres:\/\/\S+)/) || [])[1],
      'PostgreSQL',
    );
    a = await startCollector(pg.found);
    b = await startCollector(pg.found);
  });
  after(async () => {
    for (const p of [a, b, pg]) if (p) await p.stop();
  });

  test("an event sent through one shows on the other's live page, once", async () => {
    const batch = JSON.stringify({
      batch: [{ type: 'track', messageId: 'pg-live-1', anonymousId: 'pg-anon', event: 'Signed Up', properties: { plan: 'pro' } }],
    });
    const post = (base) =>
      fetch(`${base}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: batch }).then((r) => r.json());
    assert.equal((await post(a.found)).stored, 1);
    assert.equal((await post(b.found)).duplicates, 1);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${b.found}/events.html`);
      await page.locator('#rows tr.ev').first().waitFor({ timeout: 15000 });
      const rows = await page.$$eval('#rows tr.ev', (trs) => trs.map((tr) => [tr.children[3].textContent, tr.children[4].textContent]));
      assert.deepEqual(rows, [['Signed Up', 'pg-anon']]);
      // And a second event, through the other collector, arrives live.
      const next = JSON.stringify({
        batch: [{ type: 'track', messageId: 'pg-live-2', anonymousId: 'pg-anon', event: 'Upgraded' }],
      });
      await fetch(`${a.found}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: next });
      await page.waitForFunction(() => document.querySelectorAll('#rows tr.ev').length === 2, null, { timeout: 15000 });
      assert.equal(await page.locator('#rows tr.ev').first().locator('td').nth(3).textContent(), 'Upgraded');
    } finally {
      await browser.close();
    }
  });
});
