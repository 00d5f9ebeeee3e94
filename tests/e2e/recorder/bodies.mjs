// What the recorder makes of a body: its messages as the collector stores them.

/** `own` laid over `base`: objects merged key by key at every depth, `own` winning. */
export function under(base, own) {
  const isObj = (v) => v && typeof v == 'object' && !Array.isArray(v);
  if (own === undefined || own === null) return base;
  if (!isObj(base) || !isObj(own)) return own;
  const out = { ...base };
  for (const [k, v] of Object.entries(own)) out[k] = k in base ? under(base[k], v) : v;
  return out;
}

/** A body's messages as the collector stores them: the batch's `context` merged into each. */
export function batchOf(body) {
  const batch = Array.isArray(body?.batch) ? body.batch : [];
  if (!body.context) return batch;
  return batch.map((m) => (m && typeof m == 'object' ? { ...m, context: under(body.context, m.context) } : m));
}
