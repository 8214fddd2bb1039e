import { ChildProcess, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createWorkspaceWithCli, freePort, killHard, ROOT, serverEnv, startServer } from './support/server-process';
import { testDatabaseUrl } from './support/test-database';
import { postEvents, uniqueId } from './support/test-app';

/** Pids of the live processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(name));
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

async function until<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The built API with API_WORKERS=2: one primary, two worker processes serving the same port. */
describe('API_WORKERS: several API processes on one port', () => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
  let primary: ChildProcess | undefined;
  afterAll(async () => {
    if (primary?.pid) for (const pid of childrenOf(primary.pid)) process.kill(pid, 'SIGKILL');
    if (primary) await killHard(primary);
    await pool.end();
  });

  it('serves with two workers, replaces one that is killed without losing an acknowledged event, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const ws = createWorkspaceWithCli(`workers-${uniqueId()}`);
    primary = await startServer(port, { API_WORKERS: '2' });
    const workers = childrenOf(primary.pid!);
    expect(workers).toHaveLength(2);

    const run = uniqueId('w');
    const acked: string[] = [];
    let failed = 0;
    let stop = false;
    const at = new Date(Date.now() - 60_000).toISOString();
    // The primary hands each new connection to the workers in turn; a killed worker's clients reconnect.
    const client = async (c: number) => {
      for (let b = 0; !stop; b++) {
        const batch = Array.from({ length: 20 }, (_, i) => ({ id: `${run}-${c}-${b}-${i}`, type: 'email.sent', occurredAt: at, messageId: `${run}-${c}-${b}-${i}` }));
        try {
          const res = await postEvents(`http://127.0.0.1:${port}`, ws.ingestKey, batch);
          if (res.status === 202) acked.push(...batch.map((e) => e.id));
          else failed++;
        } catch {
          failed++;
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    await until('a few hundred acknowledged events', () => acked.length >= 400);
    process.kill(workers[0]!, 'SIGKILL');
    const replaced = await until('a replacement worker', () => {
      const now = childrenOf(primary!.pid!);
      return now.length === 2 && !now.includes(workers[0]!) && now;
    });
    const ackedAtReplacement = acked.length;
    await until('events acknowledged after the replacement', () => acked.length >= ackedAtReplacement + 400);
    stop = true;
    await Promise.all(clients);

    // The surviving worker kept answering while the other was replaced.
    expect(replaced).toContain(workers[1]);
    const { rows } = await pool.query<{ n: number }>('SELECT count(DISTINCT id)::int AS n FROM events WHERE workspace_id = $1 AND id = ANY($2::text[])', [ws.workspaceId, acked]);
    expect(rows[0]!.n).toBe(acked.length);
    expect(failed).toBeLessThan(acked.length / 20);

    const exited = new Promise<number | null>((r) => primary!.once('exit', (code) => r(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until('every worker stopped', () => replaced.every((pid) => !existsProcess(pid)));
  }, 90_000);

  it('refuses API_WORKERS above 1 without REDIS_URL, naming the variable', () => {
    const env = serverEnv(0, { API_WORKERS: '2' });
    delete env['REDIS_URL'];
    const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], { cwd: ROOT, env, encoding: 'utf8', timeout: 20_000 });
    expect(out.status).toBe(78);
    expect(out.stderr).toContain('Invalid configuration: API_WORKERS needs REDIS_URL when above 1');
  });
});

function existsProcess(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
