// Which source file the snippet's wasm code comes from, by module: reads the
// output of `llvm-dwarfdump --debug-line` on a snippet wasm built with line
// tables (scripts/size-breakdown.sh) and gives each code byte to the file of
// the line-table row it belongs to. Inlined code counts where it was written:
// `Vec::push` inlined into the parser counts as the standard library's.
// Usage: node scripts/size-breakdown.mjs LINES.txt
import { readFileSync } from "node:fs";

const lines = readFileSync(process.argv[2], "utf8").split("\n");
let dirs = {}, files = {}, current = null, previous = null, ours = false;
const bytes = new Map();

/** The module a source path belongs to: `src/core/input/json_parse/mod.rs`
 *  -> `core/input`, `src/browser/mod.rs` -> `browser`. */
function module(path, ours) {
  if (/(^|\/)library\/alloc\//.test(path)) return "std: alloc (Vec, String, drop glue)";
  if (/(^|\/)library\/core\//.test(path)) return "std: core (Option, iterators, ptr, str)";
  if (/(^|\/)library\//.test(path)) return "std: compiler-builtins";
  if (path.includes("lol_alloc") || path.includes("/spin-")) return "allocator (lol_alloc, spin)";
  // A compile unit with no src/core/ file is another crate's (wasm-bindgen's own code).
  if (path.includes("wasm-bindgen") || !ours) return "wasm-bindgen";
  const m = path.match(/^src\/(core\/[a-z_]+|browser|[a-z_]+)/);
  return m ? m[1].replace(/\.rs$/, "") : path;
}

for (const line of lines) {
  let m;
  if (line.startsWith("debug_line[")) { dirs = {}; files = {}; previous = null; ours = false; continue; }
  if ((m = line.match(/^include_directories\[\s*(\d+)\] = "(.*)"/))) { dirs[m[1]] = m[2]; ours ||= m[2].startsWith("src/core"); continue; }
  if ((m = line.match(/^file_names\[\s*(\d+)\]:/))) { current = files[m[1]] = {}; continue; }
  if ((m = line.match(/^\s+name: "(.*)"/))) { current.name = m[1]; continue; }
  if ((m = line.match(/^\s+dir_index: (\d+)/))) { current.dir = m[1]; continue; }
  if ((m = line.match(/^0x([0-9a-f]{16})\s+\d+\s+\d+\s+(\d+)\s+\d+\s+\d+\s*(.*)$/))) {
    const address = parseInt(m[1], 16);
    if (previous) {
      const f = files[previous.file];
      const key = module(`${dirs[f.dir] ?? ""}/${f.name}`.replace(/^\//, ""), ours);
      bytes.set(key, (bytes.get(key) ?? 0) + address - previous.address);
    }
    previous = m[3].includes("end_sequence") ? null : { address, file: m[2] };
  }
}
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
for (const [key, n] of [...bytes].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(n).padStart(7)} ${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}
console.log(`${String(total).padStart(7)}  100.0%  code bytes (before wasm-opt)`);
