// The files the recorder serves: the build under /trackq/, and what a caller mounted.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

/** The Content-Type of a page or file served at a path with this name. */
export function typeOf(name, fallback = 'application/octet-stream') {
  return TYPES[path.extname(name)] || fallback;
}

/** The file a GET of `pathname` is answered with from `mounts`, if any (never outside them). */
export function mountedFile(mounts, pathname) {
  for (const [at, target] of mounts) {
    if (pathname === at && !at.endsWith('/')) return target;
    if (!at.endsWith('/') || !pathname.startsWith(at)) continue;
    const file = path.join(target, path.normalize(decodeURIComponent(pathname.slice(at.length))));
    if (file.startsWith(target + path.sep)) return file;
  }
  return null;
}

/** The file of `dist` a GET of `/trackq/<rel>` is answered with, or null outside `dist`. */
export function distFile(dist, pathname) {
  const rel = path.normalize(decodeURIComponent(pathname.slice('/trackq/'.length)));
  const file = path.join(dist, rel);
  return file.startsWith(dist + path.sep) ? file : null;
}

/** Answers with `file` (never cached), or 404 when it cannot be read; `then(size)` on success. */
export function sendFile(res, file, then = () => {}) {
  readFile(file).then(
    (data) => {
      then(data.length);
      res.writeHead(200, { 'Content-Type': typeOf(file), 'Cache-Control': 'no-store' });
      res.end(data);
    },
    () => res.writeHead(404).end('not found'),
  );
}
