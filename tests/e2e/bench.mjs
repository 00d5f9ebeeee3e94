// A benchmark, not a test: `node tests/e2e/bench.mjs` (after ./build.sh).
//
// In headless Chromium, on a page with the snippet (default flush interval):
//   1. push 1,000 ['record', 'Bench Event', {i, plan}] commands in one task, timing the loop
//      with performance.now(), and sum the 'longtask' entries a PerformanceObserver sees;
//   2. navigate away at once and count the events at the recorder within 3 s (delivered on
//      leaving the page);
//   3. open the page again and count after a few more seconds (held for the next visit);
//   4. on a fresh page, push the 1,000 and navigate away in the same task, count what
//      arrives on leaving, then after the next visit.
// Prints one line comparable with the other snippets':
//   trackq: <brotli KB> KB brotli, <ms> ms main thread (<µs>/cmd), <n>/1000 delivered on leaving, <m>/1000 after next visit,
//   <b> B/event on the wire, <k>/1000 arrived within 3 s of leaving in the same task
// and, before it, the main thread's busy time (Chromium's TaskDuration) from the start of
// the burst to 1 s after it: the loop plus the flushes, storage writes and bodies it set off.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, startRecorder } from './recorder.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';
import { LONGTASKS, brotliOfFiles, busyClock } from './measure.mjs';

const N = 1000;
const LEAVE_WAIT_MS = 3000;
const NEXT_VISIT_WAIT_MS = 8000; // more than the default 5 s flush interval

async function main() {
  const files = ['trackq.js', 'trackq_bg.wasm'].map((f) => path.join(DIST, f));
  for (const f of files) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run ./build.sh first`);
  }
  const brotli = brotliOfFiles(files);

  const rec = await startRecorder();
  const browser = await launchBrowser();
  try {
    const url = rec.page(
      '/bench.html',
      pageHtml({
        title: 'trackq bench',
        head: `${LONGTASKS}<script>
          var _kmq = _kmq || [];
          _kmq.push(['identify', 'ann@acme.com']);
        </script>`,
        snippet: snippetTag(rec),
      }),
    );
    const page = await newPage(browser);
    await page.goto(url);
    await waitForSnippet(page);
    await sleep(500); // let start-up work (and its long tasks) settle
    const before = await page.evaluate(() => ({ ...window.__longtask }));
    // Main-thread time of the burst and of what it sets off (flushes, storage, bodies):
    // Chromium's own TaskDuration, before the loop and once the work after it is done.
    const busyNow = await busyClock(page);
    const busyBefore = await busyNow();

    const loopMs = await page.evaluate((n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) window._kmq.push(['record', 'Bench Event', { i, plan: 'Pro' }]);
      return performance.now() - t0;
    }, N);
    await sleep(1000); // long tasks are reported after they end
    const busyMs = (await busyNow()) - busyBefore;
    const afterLoop = await page.evaluate(() => ({ ...window.__longtask }));
    const longMs = afterLoop.ms - before.ms;
    const longCount = afterLoop.count - before.count;

    const benchIds = () => new Set(rec.events('Bench Event').map((m) => m.properties?.i));
    const sentBeforeLeaving = benchIds().size;
    await page.evaluate(() => {
      window.location.href = '/other';
    });
    await page.waitForURL('**/other', { timeout: 10000 });
    await sleep(LEAVE_WAIT_MS);
    const onLeaving = benchIds().size;

    await page.goto(url);
    await waitForSnippet(page).catch(() => {});
    const deadline = Date.now() + NEXT_VISIT_WAIT_MS;
    while (Date.now() < deadline && benchIds().size < N) await sleep(200);
    const afterNext = benchIds().size;
    const errors = page.errors.length;

    // Scenario 2: the burst and leaving in the same task (no time for any
    // request while the page lives), then the next visit.
    const firstScenarioRequests = rec.requests.length;
    const leaveIds = () => new Set(rec.events('Bench Leave').map((m) => m.properties?.i));
    const page2 = await newPage(browser); // a context of its own: empty storage
    await page2.goto(url);
    await waitForSnippet(page2);
    await sleep(500);
    await page2.evaluate((n) => {
      for (let i = 0; i < n; i++) window._kmq.push(['record', 'Bench Leave', { i, plan: 'Pro' }]);
      window.location.href = '/other';
    }, N);
    await page2.waitForURL('**/other', { timeout: 10000 });
    await sleep(LEAVE_WAIT_MS);
    const leftAtOnce = leaveIds().size;
    await page2.goto(url);
    await waitForSnippet(page2).catch(() => {});
    const deadline2 = Date.now() + NEXT_VISIT_WAIT_MS;
    while (Date.now() < deadline2 && leaveIds().size < N) await sleep(200);
    const leftThenNext = leaveIds().size;

    // Bytes on the wire (request bodies as sent, gzip or not) per message carried.
    const wire = (reqs) => {
      const bytes = reqs.reduce((n, r) => n + r.size, 0);
      const messages = reqs.reduce((n, r) => n + (Array.isArray(r.body?.batch) ? r.body.batch.length : 0), 0);
      return { bytes, messages, perEvent: messages ? bytes / messages : 0, gzip: reqs.filter((r) => r.gzip).length };
    };
    const w1 = wire(rec.requests.slice(0, firstScenarioRequests));
    const w2 = wire(rec.requests.slice(firstScenarioRequests));
    const requests = rec.requests.length;
    const dupes = rec.allMessages().filter((m) => m.event === 'Bench Event').length - afterNext;
    console.log(`start-up long tasks: ${before.count} (${before.ms.toFixed(0)} ms)`);
    console.log(`push loop: ${loopMs.toFixed(1)} ms for ${N} commands (${((loopMs * 1000) / N).toFixed(1)} µs/cmd)`);
    console.log(`main thread busy for the burst and the work it set off (1 s): ${busyMs.toFixed(0)} ms`);
    console.log(`long tasks after the loop: ${longCount} totalling ${longMs.toFixed(0)} ms`);
    console.log(`delivered before leaving: ${sentBeforeLeaving}/${N}; within ${LEAVE_WAIT_MS} ms of leaving: ${onLeaving}/${N}`);
    console.log(`after the next visit (+${NEXT_VISIT_WAIT_MS / 1000} s): ${afterNext}/${N}`);
    console.log(`requests: ${requests}, duplicate deliveries: ${dupes}, page errors: ${errors}`);
    console.log(
      `leaving in the same task as the burst: ${leftAtOnce}/${N} within ${LEAVE_WAIT_MS} ms, ` +
        `${leftThenNext}/${N} after the next visit`,
    );
    console.log(
      `bytes on the wire per event: ${w1.perEvent.toFixed(0)} B (${w1.bytes} B in ${firstScenarioRequests} requests, ` +
        `${w1.gzip} gzip, ${w1.messages} messages); leaving in the same task: ${w2.perEvent.toFixed(0)} B ` +
        `(${w2.bytes} B in ${rec.requests.length - firstScenarioRequests} requests, ${w2.gzip} gzip)`,
    );
    console.log(
      `trackq: ${(brotli / 1024).toFixed(1)} KB brotli, ${loopMs.toFixed(0)} ms main thread ` +
        `(${((loopMs * 1000) / N).toFixed(1)}µs/cmd), ${onLeaving}/${N} delivered on leaving, ` +
        `${afterNext}/${N} after next visit, ${w1.perEvent.toFixed(0)} B/event on the wire, ` +
        `${leftAtOnce}/${N} within ${LEAVE_WAIT_MS / 1000} s of leaving in the same task`,
    );
  } finally {
    await browser.close();
    await rec.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
