import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort, ROOT } from './support/server-process';
import { startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

const AGENT = join(ROOT, 'scripts/vps-agent.mjs');

/** Runs the agent to its exit and collects what it printed. */
function runAgent(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [AGENT, ...args], { cwd: ROOT, env: { ...process.env, MAILPULSE_INGEST_KEY: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('scripts/vps-agent.mjs against the real server', () => {
  let t: TestApp;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    t = await startTestApp({ PROBE_INTERVAL_SECONDS: '0' });
  });
  afterAll(async () => {
    await Promise.all([t.close(), pool.end()]);
  });

  it('--once reads /proc and statfs and posts one infra.vps event with the ingest key', async () => {
    const { workspaceId, ingestKey } = await t.newWorkspace();
    const host = `vps-${uniqueId()}`;
    const run = await runAgent(['--url', `${t.baseUrl}/`, '--key', ingestKey, '--host', host, '--once']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const { rows } = await pool.query(`SELECT type, properties, occurred_at FROM events WHERE workspace_id = $1`, [workspaceId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].type).toBe('infra.vps');
    const p = rows[0].properties;
    expect(p).toMatchObject({ host, diskPath: '/' });
    for (const name of ['cpuPercent', 'memoryPercent', 'diskPercent']) {
      expect(p[name]).toBeGreaterThanOrEqual(0);
      expect(p[name]).toBeLessThanOrEqual(100);
    }
    // This machine has memory and a root file system in use.
    expect(p.memoryPercent).toBeGreaterThan(0);
    expect(p.diskPercent).toBeGreaterThan(0);
    expect(typeof p.load1).toBe('number');
    expect(Math.abs(rows[0].occurred_at.getTime() - Date.now())).toBeLessThan(30_000);
    expect(JSON.parse(run.stdout)).toEqual(p);
  });

  it('exits 1 with the reason when the key is refused or the server is unreachable, 64 on wrong usage', async () => {
    const { readKey } = await t.newWorkspace();
    const refused = await runAgent(['--url', t.baseUrl, '--key', readKey, '--once']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^vps-agent: Mailpulse answered 403: .*wrong_key_scope/);

    const closed = await freePort();
    const unreachable = await runAgent(['--url', `http://127.0.0.1:${closed}`, '--key', 'mp_ingest_x', '--once']);
    expect(unreachable).toMatchObject({ code: 1, stderr: `vps-agent: could not reach http://127.0.0.1:${closed}: ECONNREFUSED\n` });

    expect((await runAgent(['--key', 'k', '--once'])).code).toBe(64);
    expect((await runAgent(['--url', t.baseUrl, '--once'])).stderr).toMatch(/--key \(or MAILPULSE_INGEST_KEY\) must be an ingest key/);
    expect((await runAgent(['--url', t.baseUrl, '--key', 'k', '--interval', '0'])).code).toBe(64);
    expect((await runAgent(['--url', t.baseUrl, '--key', 'k', '--bogus'])).code).toBe(64);
  });

  it('keeps reporting every --interval seconds until stopped', async () => {
    const { workspaceId, ingestKey } = await t.newWorkspace();
    const child = spawn(process.execPath, [AGENT, '--url', t.baseUrl, '--key', ingestKey, '--host', 'loop', '--interval', '1'], { cwd: ROOT });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 3_700));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type = 'infra.vps'`, [workspaceId]);
    // The first report waits a second for a CPU sample, then one per second.
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    expect(rows[0].n).toBeLessThanOrEqual(4);
  });
});
