// Gives the wasm-bindgen'd snippet the interface src/browser/glue.js uses and
// nothing more: node scripts/trim-bindgen.mjs IN.wasm OUT.wasm
//
// build.sh runs it between wasm-bindgen and wasm-opt:
// - imports: module `./trackq_bg.js` becomes `t`, and `__wbg_tqLog_<hash>`
//   becomes `c`, the one letter SHORT gives it and bootstrap/host.js's
//   tqImports names it by, so the glue needs no lookup by pattern and
//   neither the wasm nor the script carries the long names (measured:
//   trackq.js 1,836 -> 1,815 / 1,940 -> 1,924 bytes brotli, each wasm 30
//   bytes smaller raw);
// - exports: only `memory` (as `m`), `on` and `__wbindgen_malloc` (as
//   `a`) stay, by names as short as the imports' (`malloc`: trackq.js
//   -7 / -10 bytes brotli; then `m` and `a`: -5 / -15 both files). The
//   others (`__wbindgen_realloc`/`free`, the externref table and
//   `__wbindgen_start`, which only fills that table's reserved slots,
//   `__abort_handler`, `__instance_terminated`) serve wasm-bindgen's own
//   generated JavaScript; the snippet passes no JavaScript values, so the
//   table is never used. wasm-opt then drops what only they kept alive.
// Measured on the `_kmq` build: 16,967 -> 16,664 bytes brotli (wasm).
import { readFileSync, writeFileSync } from 'node:fs';
import { readLeb, writeLeb, sections } from './wasm-sections.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/trim-bindgen.mjs IN.wasm OUT.wasm');
  process.exit(2);
}
// The exports kept -> the names glue.js calls them by.
const KEEP = { memory: 'm', on: 'on', __wbindgen_malloc: 'a' };
const IMPORT_MODULE = 't';
// The imports' names (src/browser/host.rs, js.rs) -> the names the wasm
// imports them by.
const SHORT = { now: 'n', tqMono: 'm', tqArm: 'a', tqLog: 'c', tqSet: 's', tqSend: 'f', tqLater: 'l', tqRandom: 'r' };

const wasm = readFileSync(input);
const leb = (at) => readLeb(wasm, at);
const name = (text) => Buffer.concat([writeLeb(Buffer.byteLength(text)), Buffer.from(text)]);
// Reads a name at `at`: [text, end].
const readName = (at) => {
  const [len, start] = leb(at);
  return [wasm.toString('utf8', start, start + len), start + len];
};
// The end of a limits (table, memory) at `at`: flags, min, max if flag 1.
const limitsEnd = (at) => {
  const flags = wasm[at];
  let end = leb(at + 1)[1];
  if (flags & 1) end = leb(end)[1];
  return end;
};

const parts = [wasm.subarray(0, 8)];
const kept = [];
for (const { id, start, end } of sections(wasm)) {
  let body = wasm.subarray(start, end);
  if (id === 2 || id === 7) {
    let [count, p] = leb(start);
    const entries = [];
    for (let i = 0; i < count; i++) {
      let entry;
      if (id === 2) {
        let field;
        [, p] = readName(p); // the module
        [field, p] = readName(p);
        const desc = p;
        const kind = wasm[p++];
        if (kind === 0) p = leb(p)[1]; // function: type index
        else if (kind === 1) p = limitsEnd(p + 1); // table: reftype, limits
        else if (kind === 2) p = limitsEnd(p); // memory
        else if (kind === 3) p += 2; // global: valtype, mutability
        else throw new Error(`import ${field}: unknown kind ${kind}`);
        // wasm-bindgen's own imports keep their names (wasm-opt drops them).
        const long = field.match(/^__wbg_(\w+)_[0-9a-f]{16}$/);
        const short = long ? SHORT[long[1]] : field;
        if (!short) throw new Error(`import ${field}: no short name in trim-bindgen.mjs`);
        entry = Buffer.concat([name(IMPORT_MODULE), name(short), wasm.subarray(desc, p)]);
      } else {
        let field;
        [field, p] = readName(p);
        const desc = p;
        p = leb(p + 1)[1]; // kind, index
        if (Object.hasOwn(KEEP, field)) {
          entry = Buffer.concat([name(KEEP[field]), wasm.subarray(desc, p)]);
          kept.push(field);
        }
      }
      if (entry) entries.push(entry);
    }
    body = Buffer.concat([writeLeb(entries.length), ...entries]);
  }
  parts.push(Buffer.from([id]), writeLeb(body.length), body);
}
const missing = Object.keys(KEEP).filter((e) => !kept.includes(e));
if (missing.length) {
  console.error(`trim-bindgen: ${input} does not export ${missing.join(', ')}`);
  process.exit(1);
}
writeFileSync(output, Buffer.concat(parts));
