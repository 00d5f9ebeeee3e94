// What scripts/trim-bindgen.mjs and scripts/scrub-panic-text.mjs share: reading and
// writing the LEB128 numbers of the wasm binary format, and walking a module's sections.

/** The unsigned LEB128 number at `at` in `bytes`: [value, the offset after it]. */
export function readLeb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** `value` as unsigned LEB128 bytes. */
export function writeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** Each section of the module in `bytes`, in order: { id, start, end } of its body. */
export function* sections(bytes) {
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    yield { id, start, end: start + size };
    at = start + size;
  }
}
