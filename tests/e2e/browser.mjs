// Headless Chromium for the page-level tests: the browser, a page that keeps what reaches its
// error handlers and its console, and a context closed without wedging the browser.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

/** Chromium flags: no sandbox as root, and keep the closed network quiet. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Headless Debian Chromium through playwright-core (never a downloaded browser).
 * Playwright gives every launched browser a fresh temporary user-data-dir of its own.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A page in a fresh context that counts what reaches the page's error handlers and
 * keeps the console. `page.errors` lists uncaught exceptions (`pageerror`), and
 * `page.consoleLines` every console message as "type: text".
 */
export async function newPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.errors = [];
  page.consoleLines = [];
  page.on('pageerror', (e) => page.errors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => page.consoleLines.push(`${m.type()}: ${m.text()}`));
  return page;
}

/** No exception reached the page: neither Playwright's pageerror nor window.onerror. */
export async function assertNoPageErrors(page) {
  const inPage = await page.evaluate(() => window.__errors).catch(() => []);
  assert.deepEqual(page.errors, [], 'uncaught exceptions (pageerror)');
  assert.deepEqual(inPage, [], 'errors seen by window.onerror / unhandledrejection');
}

/**
 * Closes a browser context once its pages are quiet. Debian's Chromium never answers a
 * context close that arrives while a page is leaving with a beacon or keepalive fetch in
 * flight (a test that navigates away right after pushing events), and the browser stays
 * wedged after it; a close after the page's network has been idle returns. A close that
 * takes longer than `CLOSE_TIMEOUT_MS` fails the test instead of hanging the run.
 */
export async function closeContext(context) {
  for (const page of context.pages()) {
    await page.waitForLoadState('networkidle', { timeout: CLOSE_TIMEOUT_MS }).catch(() => {});
  }
  await within(CLOSE_TIMEOUT_MS, context.close(), 'context.close');
}

/** How long a page may take to fall quiet, and a context to close, before the test fails. */
const CLOSE_TIMEOUT_MS = 15000;

/** `promise`, or a rejection naming `what` after `ms`. */
function within(ms, promise, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
