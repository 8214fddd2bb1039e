import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testDatabaseUrl, testRedisUrl } from './test-database';

export const ROOT = join(__dirname, '../../../..');

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

export function serverEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    MAILPULSE_DEMO: 'off',
    // Tests give each client its own address with X-Forwarded-For, as a proxy in front would.
    TRUST_PROXY: 'on',
    // Probes only run where a test asks for them, against its own loopback servers.
    PROBE_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    MAILPULSE_MIGRATIONS_DIR: join(ROOT, 'apps/api/migrations'),
    WEB_DIST_DIR: '/nonexistent',
    ...extra,
  };
}

/** Starts the built API (dist/apps/api/main.js) as its own process and waits until it says it is ready. */
export function startServer(port: number, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], { cwd: ROOT, env: serverEnv(port, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('MAILPULSE_READY')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export function createWorkspaceWithCli(name: string): { workspaceId: string; ingestKey: string; readKey: string } {
  const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/cli.js'), 'workspace:create', '--name', name, '--json'], { cwd: ROOT, env: serverEnv(0), encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`CLI failed: ${out.stderr}`);
  return JSON.parse(out.stdout);
}
