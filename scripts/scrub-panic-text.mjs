// Zeroes the text of the standard library's panic and out-of-memory messages
// in a wasm module's data segment: node scripts/scrub-panic-text.mjs IN OUT
//
// build.sh runs it after wasm-snip has replaced every function that could
// print them (panics, capacity overflow, allocation failure) with
// `unreachable`. The linker still placed their text in the data segment,
// where nothing reads it any more; as zeros it costs next to nothing
// compressed. Only exact, known texts are touched, and only inside the data
// section. Prints how many bytes it zeroed.
import { readFileSync, writeFileSync } from 'node:fs';
import { sections } from './wasm-sections.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/scrub-panic-text.mjs IN.wasm OUT.wasm');
  process.exit(2);
}

const exactly = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'g');
const DEAD = [
  // alloc: RawVec and the default allocation error handler.
  exactly('capacity overflow'),
  exactly('Tried to shrink to a larger capacity'),
  exactly('memory allocation of '),
  exactly(' bytes failed'),
  // Source paths of the standard library, for panic locations.
  /\/rustc\/[0-9a-f]{40}\/library\/[a-z_/]+\.rs/g,
  // core::fmt's table of two-digit numbers, for printing those messages.
  exactly(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join('')),
];

const wasm = readFileSync(input);
let zeroed = 0;
for (const { id, start, end } of sections(wasm)) {
  if (id === 11) {
    // latin1: one char per byte, so string offsets are byte offsets.
    const text = wasm.toString('latin1', start, end);
    for (const pattern of DEAD) {
      for (const m of text.matchAll(pattern)) {
        wasm.fill(0, start + m.index, start + m.index + m[0].length);
        zeroed += m[0].length;
      }
    }
  }
}
writeFileSync(output, wasm);
console.log(`scrub-panic-text: zeroed ${zeroed} bytes of dead panic text`);
