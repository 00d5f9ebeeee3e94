// The snippet's side of the wasm's interface, by hand: wasm-bindgen's
// generated glue (which pkg/ keeps) is a general loader and costs the page
// three times these lines. It covers exactly what src/browser/mod.rs exports
// and src/browser/host.rs imports, in wasm-bindgen 0.2.130's ABI: a string
// goes in as (pointer, length) in memory from `__wbindgen_malloc` and the
// wasm takes ownership; a string comes out as (pointer, length) that the
// wasm keeps; `Option<&str>` is a null pointer for `None`; bool is 0 or 1.
// build.sh checks that every import of the built wasm has an entry here.
var tqWasm; // the instance's exports
var tqDecoder = new TextDecoder();
var tqEncoder = new TextEncoder();

function tqString(ptr, len) {
  return tqDecoder.decode(new Uint8Array(tqWasm.memory.buffer, ptr, len));
}

// Copies `s` into the wasm's memory: [pointer, length].
function tqPass(s) {
  var bytes = tqEncoder.encode(s);
  var ptr = tqWasm.__wbindgen_malloc(bytes.length, 1) >>> 0;
  new Uint8Array(tqWasm.memory.buffer).set(bytes, ptr);
  return [ptr, bytes.length];
}

// The exports, as wasm-bindgen would wrap them (src/browser/mod.rs says
// what `on`'s arguments mean).
function boot(start, s0, s1, s2, s3) {
  var s = tqPass(start);
  tqWasm.boot(s[0], s[1], s0, s1, s2, s3);
}
function on(what, text, a, b, c) {
  var s = tqPass(text || '');
  return tqWasm.on(what, s[0], s[1], a, b, c);
}

// The imports, by the names scripts/trim-bindgen.mjs gives them (wasm-bindgen's
// without its `__wbg_` prefix and `_<hash>` suffix), in module `t`.
var tqImports = {
  now: Date.now,
  tqMono: function () {
    return performance.now();
  },
  tqArm: tqArm,
  tqLog: function (warn, ptr, len) {
    tqLog(warn, tqString(ptr, len));
  },
  tqSend: function (id, bodyPtr, bodyLen, gzip, beacon) {
    // Gzip leaves as bytes (copied: the wasm reuses its memory), JSON as text.
    var body = gzip ? new Uint8Array(tqWasm.memory.buffer, bodyPtr, bodyLen).slice() : tqString(bodyPtr, bodyLen);
    return tqSend(id, body, beacon);
  },
  tqLater: function (bodyPtr, bodyLen, gzip) {
    tqLater(gzip ? new Uint8Array(tqWasm.memory.buffer, bodyPtr, bodyLen).slice() : tqString(bodyPtr, bodyLen));
  },
  tqSet: function (keyPtr, keyLen, valuePtr, valueLen) {
    return tqSet(tqString(keyPtr, keyLen), valuePtr ? tqString(valuePtr, valueLen) : null);
  }
};

// Instantiates the wasm from its bytes.
function tqInstantiate(bytes) {
  return WebAssembly.instantiate(bytes, { t: tqImports }).then(function (m) {
    tqWasm = m.instance.exports;
  });
}
