// The real trackq-collector binary for the e2e tests: built if need be, started on 127.0.0.1
// with a database, resolved once it logs where it listens, stopped with SIGTERM. Also any other
// process a test waits on the same way (PostgreSQL via scripts/demo-pg.sh).
//
// The binary: TRACKQ_COLLECTOR_BIN, else `cargo build -p trackq-collector` is run (a no-op when
// built) and ${CARGO_TARGET_DIR:-target}/debug/trackq-collector used.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './recorder.mjs';

export const WWW = path.join(ROOT, 'www');

let built;

/** The collector binary's path (built once per test file). */
export function collectorBin() {
  if (process.env.TRACKQ_COLLECTOR_BIN) return process.env.TRACKQ_COLLECTOR_BIN;
  if (built) return built;
  execFileSync('cargo', ['build', '-q', '-p', 'trackq-collector', '--bin', 'trackq-collector'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  built = path.join(path.resolve(ROOT, target), 'debug', 'trackq-collector');
  return built;
}

/**
 * Starts `command` with `args` (and `env` over this process's) and resolves once `match`
 * returns something truthy for a line of its stdout or stderr: `{ found, lines, stop }`, with
 * what `match` returned, the lines so far (more keep coming), and `stop()` (SIGTERM, resolves
 * with the exit code). Rejects, with the lines, if it exits first or after `timeoutMs`.
 */
export function startUntil(command, args, env, match, what, timeoutMs = 60000) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${lines.join('\n')}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${lines.join('\n')}`));
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const found = match(line);
        if (found) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({
            found,
            lines,
            stop: () =>
              new Promise((done) => {
                if (child.exitCode !== null) return done(child.exitCode);
                child.once('exit', done);
                child.kill('SIGTERM');
              }),
          });
        }
      });
    }
  });
}

/** The URL in the collector's "collector listening" log line (JSON logs), else null. */
function listeningUrl(line) {
  try {
    const log = JSON.parse(line);
    return log.fields && log.fields.message === 'collector listening' && log.fields.url.replace(/\/$/, '');
  } catch {
    return null;
  }
}

/**
 * Starts the collector on 127.0.0.1 (`port` 0: any free one) with the database `db` (a file or
 * a postgres:// URL), serving www/, with `extra` arguments (`--write-key`, `--dist`, ...).
 * Resolves with `{ url, port, lines, stop }` once it logs where it listens.
 */
export async function startCollector(db, { port = 0, extra = [] } = {}) {
  const args = ['--listen', `127.0.0.1:${port}`, '--db', db, '--www', WWW, ...extra, '--log-format', 'json'];
  const p = await startUntil(collectorBin(), args, { RUST_LOG: 'info' }, listeningUrl, 'collector', 15000);
  return { url: p.found, port: Number(new URL(p.found).port), lines: p.lines, stop: p.stop };
}

/** A fresh temporary folder for databases: `db(name)` names a file in it, `remove()` deletes it. */
export function freshDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    db: (name) => path.join(dir, `${name}.db`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
