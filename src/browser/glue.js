// The snippet's side of the wasm's interface, by hand: wasm-bindgen's
// generated glue (which pkg/ keeps) is a general loader and costs the page
// three times these lines. It covers exactly what src/browser/mod.rs exports
// and src/browser/host.rs imports (bootstrap/host.js's tqImports), in
// wasm-bindgen 0.2.130's ABI: a string goes in as (pointer, length) in memory
// from `__wbindgen_malloc` (exported as `a`, and `memory` as `m`:
// scripts/trim-bindgen.mjs) and the wasm takes ownership; a string comes out as
// (pointer, length) that the wasm keeps; `Option<&str>` is a null pointer for
// `None`; bool is 0 or 1.
var tqWasm; // the instance's exports
var tqDecoder = new TextDecoder();
var tqEncoder = new TextEncoder();

// The wasm's memory from `ptr` (to its end without `len`).
var tqBytes = (ptr, len) => new Uint8Array(tqWasm.m.buffer, ptr, len);
var tqString = (ptr, len) => tqDecoder.decode(tqBytes(ptr, len));

// Copies `s` into the wasm's memory: [pointer, length]. The pointer is
// used as the wasm gives it, as the imports' are: the snippet's memory stays
// far below the 2 GiB from which an i32 would read as negative.
function tqPass(s) {
  var bytes = tqEncoder.encode(s);
  var ptr = tqWasm.a(bytes.length, 1);
  tqBytes(ptr).set(bytes);
  return [ptr, bytes.length];
}

// `on`, as wasm-bindgen would wrap it (src/browser/mod.rs says what its
// arguments mean), safe (safe.js): the page's events, the timer and KM's
// methods call it as it is. (tqStart boots it itself.) Without `text`
// (undefined), TextEncoder passes ''.
var on = tqSafe((what, text, a, b) => tqWasm.on(what, ...tqPass(text), a, b));
