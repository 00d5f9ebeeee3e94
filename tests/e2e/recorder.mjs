// A test-only HTTP server on 127.0.0.1 (ephemeral port) for the page-level tests.
//
//   GET  /trackq/*     files from dist/ (build them with ./build.sh first)
//   GET  <page path>   pages the test registered with `recorder.page(path, html)`;
//                      `/other` is a plain page to navigate away to
//   POST /v1/batch     the collector endpoint: every body is recorded; answers 200 with
//                      `Access-Control-Allow-Origin: *`, or what `failNext()` asked for,
//                      after `slowAnswers(ms)` if asked
//   OPTIONS *          CORS preflight (the snippet sends text/plain, so none is expected)
//   GET  <served path> files the caller mounted with `recorder.serve(path, file or dir)`
//                      (the peers' bundles for tests/e2e/peers.mjs), each GET noted in `served`
//   POST <other path>  any other POST (the peers' SDKs' endpoints): its size and path noted in
//                      `others` (the body is not kept), answered 200 `{"status":1}`
//
// It lives only as long as the test that started it (`close()` in an `after` hook), and
// launches nothing but itself. `recorderAndPage` gives a test one with a fresh page.
// recorder/: what it makes of a body (bodies.mjs), an endpoint POST read (endpoint.mjs),
// the files it serves (files.mjs).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeContext, newPage } from './browser.mjs';
import { batchOf } from './recorder/bodies.mjs';
import { countBody, readBatch } from './recorder/endpoint.mjs';
import { distFile, mountedFile, sendFile, typeOf } from './recorder/files.mjs';

export { batchOf, under } from './recorder/bodies.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// TRACKQ_DIST serves another build (e.g. to try the tests on a stand-in).
export const DIST = path.resolve(process.env.TRACKQ_DIST || path.join(ROOT, 'dist'));
export const ENDPOINT_PATH = '/v1/batch';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

export async function startRecorder() {
  /** Files mounted with `serve`: URL path (a folder's ends with '/') -> file or folder. */
  const mounts = new Map();
  /** Every GET answered from a mount: { time, path, file, size }. */
  const served = [];
  /** Every POST to another path than the endpoint: { time, path, size, contentType }. */
  const others = [];
  const pages = new Map([
    ['/other', '<!doctype html><title>other</title><p>another page without the snippet</p>'],
  ]);
  /** Every POST to the endpoint, in arrival order. */
  const requests = [];
  /** Answers to give to the next requests: [{ status, headers }]. */
  const failures = [];
  const waiters = new Set();
  /** Milliseconds each POST waits for its answer (recorded at once all the same). */
  let answerDelay = 0;

  const notify = () => {
    for (const w of waiters) w();
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === ENDPOINT_PATH) {
      readBatch(req, (read) => {
        const answer = failures.length ? failures.shift() : { status: 200, headers: {} };
        requests.push({
          time: Date.now(),
          path: url.pathname + url.search,
          headers: { ...req.headers },
          contentType: req.headers['content-type'] || '',
          ...read,
          status: answer.status,
        });
        const reply = () => {
          if (res.destroyed) return; // closed while a slow answer waited
          res.writeHead(answer.status, {
            ...CORS,
            'Content-Type': 'application/json',
            ...answer.headers,
          });
          res.end(answer.status < 300 ? '{"ok":true}' : '{"error":"test"}');
        };
        if (answerDelay > 0) setTimeout(reply, answerDelay);
        else reply();
        notify();
      });
      return;
    }
    if (req.method === 'POST') {
      countBody(req, (size) => {
        others.push({ time: Date.now(), path: url.pathname, size, contentType: req.headers['content-type'] || '' });
        if (res.destroyed) return;
        res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
        res.end('{"status":1}');
      });
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // keeps "404" lines out of the pages' consoles
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (pages.has(url.pathname)) {
        const body = pages.get(url.pathname);
        const type = typeof body != 'string' ? 'application/json' : typeOf(url.pathname, 'text/html; charset=utf-8');
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
        res.end(typeof body == 'string' ? body : JSON.stringify(body));
        return;
      }
      const file = mountedFile(mounts, url.pathname);
      if (file) {
        sendFile(res, file, (size) => served.push({ time: Date.now(), path: url.pathname, file, size }));
        return;
      }
      if (url.pathname.startsWith('/trackq/')) {
        const file = distFile(DIST, url.pathname);
        if (file) sendFile(res, file);
        else res.writeHead(403).end();
        return;
      }
    }
    res.writeHead(404, CORS).end('not found');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  const accepted = () => requests.filter((r) => r.status >= 200 && r.status < 300 && r.body);

  const recorder = {
    port,
    origin,
    endpoint: origin + ENDPOINT_PATH,
    /** Every POST received (answered or failed), in order. */
    requests,
    /** Every GET answered from a `serve` mount, in order. */
    served,
    /** Every POST to another path than the endpoint (size and path only), in order. */
    others,
    /**
     * Serve `target` at `urlPath`: a file, or with `urlPath` ending in '/', a folder's files
     * below it. Returns the full URL.
     */
    serve(urlPath, target) {
      mounts.set(urlPath, path.resolve(target));
      return origin + urlPath;
    },
    /**
     * Register (or replace) a page served at `pathname`: text (HTML, or the type its
     * extension says), or any other value served as JSON. Returns its full URL.
     */
    page(pathname, html) {
      pages.set(pathname, html);
      return origin + pathname;
    },
    /** Answer the next `n` POSTs with `status` (and extra headers, e.g. Retry-After). */
    failNext(n, status, headers = {}) {
      for (let i = 0; i < n; i++) failures.push({ status, headers });
    },
    /** Answer every later POST only after `ms` ms (a slow collector); 0 again: at once. */
    slowAnswers(ms) {
      answerDelay = ms;
    },
    /** Drop any pending failNext() answers. */
    clearFailures() {
      failures.length = 0;
    },
    /** Parsed bodies of the requests answered 2xx. */
    batches() {
      return accepted().map((r) => r.body);
    },
    /**
     * Every message of the accepted requests, in order, duplicates (same messageId) dropped,
     * each with the batch-level `context` merged under its own (as the collector does).
     */
    messages() {
      const seen = new Set();
      const out = [];
      for (const body of recorder.batches()) {
        for (const m of batchOf(body)) {
          if (m && m.messageId && seen.has(m.messageId)) continue;
          if (m && m.messageId) seen.add(m.messageId);
          out.push(m);
        }
      }
      return out;
    },
    /** Every message of the accepted requests, duplicates included. */
    allMessages() {
      return recorder.batches().flatMap(batchOf);
    },
    /** Accepted track messages named `event`. */
    events(event) {
      return recorder.messages().filter((m) => m.type === 'track' && m.event === event);
    },
    /** Forget everything recorded so far. */
    reset() {
      requests.length = 0;
      others.length = 0;
      served.length = 0;
      failures.length = 0;
    },
    /**
     * Resolve once `predicate()` is true (checked on every request and every 50 ms);
     * reject with `what` (a string, or a function giving one) and the recorded bodies
     * after `timeout` ms.
     */
    waitFor(predicate, { timeout = 15000, what = 'condition' } = {}) {
      return new Promise((resolve, reject) => {
        let timer;
        let poll;
        const check = () => {
          let ok = false;
          try {
            ok = predicate();
          } catch {
            ok = false;
          }
          if (ok) {
            cleanup();
            resolve();
          }
        };
        const cleanup = () => {
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(check);
        };
        timer = setTimeout(() => {
          cleanup();
          const said = typeof what === 'function' ? what() : what;
          reject(new Error(`timed out after ${timeout} ms waiting for ${said}\n${recorder.dump()}`));
        }, timeout);
        poll = setInterval(check, 50);
        waiters.add(check);
        check();
      });
    },
    /** The recorded requests as text, for failure messages. */
    dump() {
      if (!requests.length) return 'recorder: no request received';
      return requests
        .map(
          (r, i) =>
            `recorder request #${i} -> ${r.status} (${r.contentType}, ${r.size} bytes):\n${r.text}`,
        )
        .join('\n');
    },
    close() {
      for (const w of waiters) waiters.delete(w);
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return recorder;
}

/**
 * A fresh recorder and page (its own browser context, so its own localStorage);
 * `done()` closes both.
 */
export async function recorderAndPage(browser) {
  const rec = await startRecorder();
  const page = await newPage(browser);
  const done = async () => {
    try {
      await closeContext(page.context());
    } finally {
      await rec.close();
    }
  };
  return { rec, page, done };
}
