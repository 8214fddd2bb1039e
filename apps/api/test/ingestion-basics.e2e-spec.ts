import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import Redis from 'ioredis';
import { postEvents, startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl, testRedisUrl } from './support/test-database';

const ROOT = join(__dirname, '../../..');

describe('ingestion over HTTP', () => {
  let t: TestApp;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([t.close(), pool.end()]);
  });

  it('answers 202 with accepted/duplicates, counts a retried event once, also in the rollups and Redis', async () => {
    const { workspaceId, ingestKey } = await t.newWorkspace();
    const at = new Date(Date.now() - 60_000).toISOString();
    const batch = [
      { id: 'e1', type: 'email.sent', occurredAt: at, messageId: 'm1', campaignId: 'spring', contact: { email: 'ada@gmail.com' }, properties: { variant: 'A' } },
      { id: 'e2', type: 'email.opened', occurredAt: at, messageId: 'm1', properties: { userAgent: 'Mozilla/5.0' } },
    ];
    expect((await postEvents(t.baseUrl, ingestKey, batch)).body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const retry = await postEvents(t.baseUrl, ingestKey, batch);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });

    const { rows } = await pool.query('SELECT id, campaign_id, recipient_domain, variant, verdict FROM events WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
    expect(rows).toEqual([
      { id: 'e1', campaign_id: 'spring', recipient_domain: 'gmail.com', variant: 'A', verdict: 'unknown' },
      // The open named only its message: campaign, domain and variant come from the message; MPP proxy → machine.
      { id: 'e2', campaign_id: 'spring', recipient_domain: 'gmail.com', variant: 'A', verdict: 'machine' },
    ]);
    const { rows: day } = await pool.query('SELECT type, count FROM rollups_day WHERE workspace_id = $1 ORDER BY type', [workspaceId]);
    expect(day).toEqual([
      { type: 'email.opened', count: 1 },
      { type: 'email.sent', count: 1 },
    ]);

    const redis = new Redis(testRedisUrl());
    try {
      const minute = Math.floor(Date.parse(at) / 60_000) * 60_000;
      let live: Record<string, string> = {};
      for (let i = 0; i < 50 && Object.keys(live).length < 2; i++) {
        live = await redis.hgetall(`mp:live:${workspaceId}:spring:${minute}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(live).toEqual({ 'email.sent': '1', 'email.opened': '1' });
    } finally {
      redis.disconnect();
    }
  });

  it('stores properties with tabs, newlines, backslashes, quotes and non-ASCII text exactly as sent', async () => {
    const { workspaceId, ingestKey } = await t.newWorkspace();
    const properties = { userId: 'u\\1', action: 'tab\there\nnew "line"\r\\N', note: 'Grüße 👋 \\t', nested: { list: [1, 'a\tb', null] } };
    const res = await postEvents(t.baseUrl, ingestKey, { id: 'esc-1', type: 'user.action', occurredAt: new Date().toISOString(), properties });
    expect(res.status).toBe(202);
    const { rows } = await pool.query('SELECT properties FROM events WHERE workspace_id = $1', [workspaceId]);
    expect(rows[0].properties).toEqual(properties);
  });

  it('GET /health answers 200 with each check', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: { ok: true }, liveStore: { ok: true } } });
  });

  it('GET /health answers 503 with the reason when the live store is unreachable', async () => {
    const broken = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await fetch(`${broken.baseUrl}/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: { liveStore: { ok: boolean; reason: string } } };
      expect(body.status).toBe('unavailable');
      expect(body.checks.liveStore.ok).toBe(false);
      expect(body.checks.liveStore.reason.length).toBeGreaterThan(0);
    } finally {
      await broken.close();
    }
  });

  it('exposes pipeline step metrics', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/mailpulse_pipeline_step_total\{step="validator",outcome="ok"\} \d+/);
  });

  it('the CLI creates a workspace, prints its keys once as JSON and stores only their hashes', async () => {
    const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/cli.js'), 'workspace:create', '--name', `cli-${uniqueId()}`, '--json'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), MAILPULSE_MIGRATIONS_DIR: join(ROOT, 'apps/api/migrations') },
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    const created = JSON.parse(out.stdout) as { workspaceId: string; ingestKey: string; readKey: string };
    expect(created.ingestKey).toMatch(/^mp_ingest_/);
    expect(created.readKey).toMatch(/^mp_read_/);
    const { rows } = await pool.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE workspace_id = $1', [created.workspaceId]);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect([created.ingestKey, created.readKey]).not.toContain(r.key_hash);
    const res = await postEvents(t.baseUrl, created.ingestKey, { type: 'user.login', occurredAt: new Date().toISOString(), properties: { userId: 'u1' } });
    expect(res.status).toBe(202);
  });

  it('the API refuses to start on a bad configuration value and names the variable', () => {
    const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], { cwd: ROOT, env: { ...process.env, DATABASE_URL: testDatabaseUrl(), PORT: 'eighty' }, encoding: 'utf8' });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/Invalid configuration: PORT/);
  });
});
