// dist/trackq.d.ts, checked by the TypeScript compiler: every seed call pattern in
// tests/types/ok.ts compiles under --strict, and each line of tests/types/bad.ts marked
// with a number is an error (a missing required property, a wrong type, an unknown command).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules/.bin/tsc');
// --typeRoots at a folder with no type packages: the @types/* that devDependencies bring
// into node_modules (mixpanel-browser's css-font-loading-module clashes with lib.dom) stay out.
const flags = ['--noEmit', '--strict', '--target', 'es2020', '--module', 'es2020',
  '--moduleResolution', 'node', '--lib', 'es2020,dom', '--typeRoots', path.join(root, 'tests/types')];

function compile(file) {
  try {
    execFileSync(tsc, [...flags, path.join(root, 'tests/types', file)], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return e.stdout || String(e);
  }
}

test('dist/trackq.d.ts accepts every documented call', () => {
  assert.ok(existsSync(path.join(root, 'dist/trackq.d.ts')), 'run ./build.sh first');
  assert.equal(compile('ok.ts'), '');
});

test('dist/trackq.d.ts rejects each bad call, on its own line', () => {
  const source = readFileSync(path.join(root, 'tests/types/bad.ts'), 'utf8').split('\n');
  const expected = source.flatMap((line, i) => (/\/\/ \d+ /.test(line) ? [i + 1] : []));
  const out = compile('bad.ts');
  const lines = [...out.matchAll(/bad\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), expected, out);
  assert.equal(expected.length, 17);
});
