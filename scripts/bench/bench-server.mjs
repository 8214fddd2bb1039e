// What both benchmarks share: a fresh benchmark database, the product CLI against it, and the built server
// started as its own process (Redis live store, no demo, no probes), ready when it prints MAILPULSE_READY.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mailpulse_bench';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PORT = Number(process.env.BENCH_PORT ?? 3917);

/** Drops and creates the benchmark database, so runs compare like with like. */
export async function recreateBenchDatabase() {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  if (!/bench/.test(name)) throw new Error(`Refusing to benchmark in "${name}": the benchmark recreates its database, whose name must contain "bench"`);
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

/** Runs `npm run mailpulse -- <args>` against the benchmark database and returns its output. */
export function cli(args) {
  const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: DB_URL }, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout;
}

/** Node flags for the server: BENCH_NODE_FLAGS as given, plus a CPU profile into BENCH_CPU_PROF when set. */
function nodeFlags() {
  return [
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ];
}

/** Starts the built server; `env` adds to (or overrides) the benchmark's settings, e.g. `{ API_WORKERS: '2' }`. */
export function startServer(env = {}) {
  const child = spawn(process.execPath, [...nodeFlags(), join(ROOT, 'dist/apps/api/main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: DB_URL, REDIS_URL, PORT: String(PORT), HOST: '127.0.0.1', MAILPULSE_DEMO: 'off', PROBE_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('MAILPULSE_READY')) resolveStart(child);
    });
    child.once('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
}
