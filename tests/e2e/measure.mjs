// What the benchmarks (bench.mjs, peers.mjs) measure a page with: the size of the files
// it downloads, its long tasks and its main thread's busy time.
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

/** brotli -q 11 bytes of these files, together. */
export function brotliOfFiles(files) {
  const brotli = (data) =>
    zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return files.reduce((n, f) => n + brotli(readFileSync(f)), 0);
}

/** A script tag for a page's head: `window.__longtask` sums the long tasks. */
export const LONGTASKS = `<script>
  window.__longtask = { count: 0, ms: 0 };
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { window.__longtask.count++; window.__longtask.ms += e.duration; });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
</script>`;

/** A reader of the page's main-thread busy time so far, in ms (Chromium's TaskDuration). */
export async function busyClock(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}
