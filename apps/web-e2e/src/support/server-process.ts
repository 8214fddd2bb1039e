import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';
import { testDatabaseUrl, testRedisUrl } from './test-services';

const API_MAIN = join(REPO_ROOT, 'dist/apps/api/main.js');
const API_CLI = join(REPO_ROOT, 'dist/apps/api/cli.js');
const WEB_DIST = join(REPO_ROOT, 'dist/apps/web/browser');
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function serverEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    MAILPULSE_DEMO: 'off',
    // Probes only run where a test asks for them, against its own loopback servers.
    PROBE_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    MAILPULSE_MIGRATIONS_DIR: join(REPO_ROOT, 'apps/api/migrations'),
    WEB_DIST_DIR: WEB_DIST,
  };
}

/**
 * Starts the built API, which also serves the built web app, as its own process and waits for its
 * `MAILPULSE_READY` line. The tests check what a user gets, so they need `npm run build` to have run.
 */
export async function startServer(fixedPort?: number): Promise<RunningServer> {
  for (const built of [API_MAIN, join(WEB_DIST, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the web-e2e checks`);
  }
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [API_MAIN], { cwd: REPO_ROOT, env: serverEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      if (!output.includes('MAILPULSE_READY')) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });

  // The ready line prints PUBLIC_URL (localhost by default); the browser gets the address the server listens on.
  return { url: `http://127.0.0.1:${port}`, stop: () => stopServer(child) };
}

/** SIGTERM so the server closes its pools, SIGKILL if it has not gone after a grace period. */
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs the built product CLI (`npm run mailpulse -- …`) against the test database and parses its `--json` answer. */
export function runCli<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [API_CLI, ...args, '--json'], { cwd: REPO_ROOT, env: serverEnv(0) }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`mailpulse ${args.join(' ')} failed: ${stderr || err.message}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`mailpulse ${args.join(' ')} printed no JSON: ${stdout}`));
      }
    });
  });
}
