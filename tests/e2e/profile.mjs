// A profiler, not a test: where the main thread's time goes when a page pushes a burst.
//
//   TRACKQ_NAMES=1 ./build.sh         # the wasms keep their functions' names
//   node tests/e2e/profile.mjs [events] [wait ms]
//
// In headless Chromium, on a page with the default snippet (`dist/`): Chromium's sampling
// profiler (through CDP) runs while the page pushes `events` (1,000) `record` commands in one
// task and then for `wait` ms (3,000) while the flushes, storage writes and bodies it set off
// run. Prints the busy time, the functions with the most self time (JavaScript, the wasm's
// and the browser's own), and the call paths into the costliest of them. Without
// TRACKQ_NAMES=1 the wasm's functions show as wasm-function[N].
import { startRecorder } from './recorder.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { pageHtml, snippetTag, waitForSnippet, sleep } from './test_page.mjs';

const EVENTS = Number(process.argv[2] || 1000);
const WAIT_MS = Number(process.argv[3] || 3000);
const TOP = 25;
const SAMPLE_US = 50;

/// A frame's name without the Rust symbol hash.
const frameName = (node) => node.callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '') || '(anonymous)';

/// Self time (µs) of each node of a CPU profile.
function selfTimes(profile) {
  const times = new Map();
  profile.samples.forEach((id, i) => times.set(id, (times.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  return times;
}

async function main() {
  const rec = await startRecorder();
  const browser = await launchBrowser();
  try {
    const url = rec.page('/profile.html', pageHtml({ title: 'trackq profile', snippet: snippetTag(rec) }));
    const page = await newPage(browser);
    await page.goto(url);
    await waitForSnippet(page);
    await sleep(500); // start-up done
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
    await cdp.send('Profiler.start');
    const loopMs = await page.evaluate((n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) window._kmq.push(['record', 'Profile Event', { i, plan: 'Pro' }]);
      return performance.now() - t0;
    }, EVENTS);
    await sleep(WAIT_MS);
    const { profile } = await cdp.send('Profiler.stop');

    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const idle = (n) => ['(idle)', '(root)'].includes(n.callFrame.functionName);
    const times = selfTimes(profile);
    const byName = new Map();
    let busy = 0;
    for (const [id, us] of times) {
      const node = byId.get(id);
      if (idle(node)) continue;
      busy += us;
      const name = frameName(node);
      byName.set(name, (byName.get(name) || 0) + us);
    }
    const ms = (us) => (us / 1000).toFixed(1).padStart(7);
    console.log(`${EVENTS} pushes in one task: ${loopMs.toFixed(1)} ms; main thread busy in the ${WAIT_MS} ms profiled: ${ms(busy).trim()} ms`);
    console.log('self time by function:');
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    for (const [name, us] of top) console.log(`${ms(us)} ms  ${name}`);

    // Who calls the five costliest: their self time by call path (callee first).
    const costliest = new Set(top.slice(0, 5).map(([name]) => name));
    const paths = new Map();
    for (const [id, us] of times) {
      if (!costliest.has(frameName(byId.get(id)))) continue;
      const path = [];
      for (let p = id; p && path.length < 6; p = parent.get(p)) path.push(frameName(byId.get(p)));
      const key = path.join(' < ');
      paths.set(key, (paths.get(key) || 0) + us);
    }
    console.log('call paths of the five costliest:');
    for (const [path, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms(us)} ms  ${path}`);
  } finally {
    await browser.close();
    await rec.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
