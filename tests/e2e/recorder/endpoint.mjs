// A POST to the recorder's endpoint, read as the collector reads it.
import zlib from 'node:zlib';

/** Largest request body kept (the wire format allows 60 KB; keep some slack). */
const MAX_BODY = 1 << 20;

/**
 * Reads `req`'s body and hands `done` what a test looks at: size on the wire, whether it was
 * gzip, its text and parsed body (or the parse error). Nothing past MAX_BODY is kept.
 */
export function readBatch(req, done) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on('end', () => {
    // A gzip body is recognised by its magic bytes, as the collector does (a beacon
    // cannot say Content-Encoding); `size` stays the bytes on the wire.
    const raw = Buffer.concat(chunks);
    const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
    let text = '';
    let body = null;
    let parseError = null;
    try {
      text = (gzip ? zlib.gunzipSync(raw, { maxOutputLength: MAX_BODY }) : raw).toString('utf8');
      body = JSON.parse(text);
    } catch (e) {
      parseError = String(e);
    }
    done({ size, gzip, text, body, parseError });
  });
}

/** Reads and forgets `req`'s body; `done(size)` once it has all arrived. */
export function countBody(req, done) {
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
  });
  req.on('end', () => done(size));
}
