// The HTML of the page-level tests' pages: the snippet's <script> tag, a page that counts its
// own errors, and waiting for the snippet to take over `_kmq`.

/** The write key every test page's tag carries. */
export const WRITE_KEY = 'WRITE_KEY';

/** The snippet's <script> tag as README shows it, plus extra data-* attributes. */
export function snippetTag(recorder, attrs = {}) {
  const all = { 'data-endpoint': recorder.endpoint, 'data-key': WRITE_KEY, ...attrs };
  const list = Object.entries(all)
    .map(([k, v]) => (v === true ? k : `${k}="${String(v).replace(/"/g, '&quot;')}"`))
    .join(' ');
  return `<script async src="/trackq/trackq.js" ${list}></script>`;
}

/**
 * A page: `head` runs first (e.g. the `_kmq` stub), then the snippet tag, then `body`.
 * Every page counts errors that reach `window.onerror` / `unhandledrejection` in
 * `window.__errors` (a list of strings).
 */
export function pageHtml({ title = 'trackq test', head = '', snippet = '', body = '' } = {}) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script>
  window.__errors = [];
  window.onerror = function (msg, src, line, col, err) {
    window.__errors.push(String(msg) + ' @' + src + ':' + line);
  };
  window.addEventListener('unhandledrejection', function (e) {
    window.__errors.push('unhandledrejection: ' + String(e.reason && e.reason.stack || e.reason));
  });
</script>
${head}
${snippet}
</head><body>
<h1>${title}</h1>
${body}
</body></html>`;
}

/**
 * Wait until the snippet has replaced the `_kmq` stub (its push is no longer Array's).
 * The snippet loads async, so tests that push "after load" wait for this first.
 */
export async function waitForSnippet(page, timeout = 15000) {
  await page.waitForFunction(
    () =>
      typeof window._kmq === 'object' &&
      window._kmq !== null &&
      window._kmq.push !== Array.prototype.push,
    null,
    { timeout, polling: 50 },
  );
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
