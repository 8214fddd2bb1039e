import { Pool } from 'pg';
import { createPool } from '../database/database.module';
import { call, newUser, signIn } from '../../test/support/auth-requests';
import { startTestApp, TestApp, uniqueId } from '../../test/support/test-app';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job.runner';

describe('JobRunner', () => {
  let t: TestApp;
  let second: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    t = await startTestApp();
    second = await startTestApp();
    pool = createPool(t.config.DATABASE_URL, 2);
  });
  afterAll(async () => {
    await t.close();
    await second.close();
    await pool.end();
  });

  function register(app: TestApp, name: string, run: (slot: Date) => Promise<number>, extra: Record<string, unknown> = {}) {
    app.app.get(JobRegistry).register({ name, cron: '0 3 * * *', timeZone: 'UTC', catchUpHours: 72, ...extra, run: async ({ slot }) => ({ rows: await run(slot) }) });
  }

  it('runs each slot once across two processes and catches up missed slots oldest first', async () => {
    const name = `test.nightly.${uniqueId()}`;
    const ran: string[] = [];
    const run = async (slot: Date) => {
      ran.push(slot.toISOString());
      return 7;
    };
    register(t, name, run);
    register(second, name, run);
    const now = new Date('2026-11-22T03:30:00Z');
    const [a, b] = await Promise.all([t.app.get(JobRunner).runDue(now, [name]), second.app.get(JobRunner).runDue(now, [name])]);
    const mine = [...a, ...b].filter((o) => o.job === name);
    // 72 hours back from now: the slots of the 20th, 21st and 22nd, each run by exactly one of the two processes.
    expect(ran.sort()).toEqual(['2026-11-20T03:00:00.000Z', '2026-11-21T03:00:00.000Z', '2026-11-22T03:00:00.000Z']);
    expect(mine.filter((o) => o.outcome === 'succeeded')).toHaveLength(3);

    // A later tick on the same day finds nothing due.
    expect(await t.app.get(JobRunner).runDue(new Date('2026-11-22T10:00:00Z'), [name])).toEqual([]);
    const { rows } = await pool.query(`SELECT slot, rows, outcome, finished_at IS NOT NULL AS finished FROM job_runs WHERE job = $1 ORDER BY slot`, [name]);
    expect(rows.map((r) => [r.slot.toISOString(), r.rows, r.outcome, r.finished])).toEqual([
      ['2026-11-20T03:00:00.000Z', 7, 'succeeded', true],
      ['2026-11-21T03:00:00.000Z', 7, 'succeeded', true],
      ['2026-11-22T03:00:00.000Z', 7, 'succeeded', true],
    ]);
  });

  it('records a failure with its error and retries the slot on the next tick until attempts run out', async () => {
    const name = `test.flaky.${uniqueId()}`;
    let calls = 0;
    register(
      t,
      name,
      async () => {
        calls++;
        if (calls < 3) throw new Error(`upstream down (${calls})`);
        return 1;
      },
      { catchUpHours: 1, maxAttempts: 3 },
    );
    const runner = t.app.get(JobRunner);
    const now = new Date('2026-11-22T03:10:00Z');
    expect((await runner.runDue(now, [name])).map((o) => o.outcome)).toEqual(['failed']);
    const failed = await pool.query(`SELECT outcome, error, attempts FROM job_runs WHERE job = $1`, [name]);
    expect(failed.rows).toEqual([{ outcome: 'failed', error: 'upstream down (1)', attempts: 1 }]);
    expect((await runner.runDue(now, [name])).map((o) => o.outcome)).toEqual(['failed']);
    expect((await runner.runDue(now, [name])).map((o) => o.outcome)).toEqual(['succeeded']);
    expect((await runner.runDue(now, [name]))).toEqual([]);
    const done = await pool.query(`SELECT outcome, error, attempts, rows FROM job_runs WHERE job = $1`, [name]);
    expect(done.rows).toEqual([{ outcome: 'succeeded', error: null, attempts: 3, rows: 1 }]);
  });

  it('re-runs a done slot only when forced, and never one another process is running', async () => {
    const name = `test.forced.${uniqueId()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    register(t, name, async () => {
      calls++;
      if (calls === 2) await gate;
      return calls;
    });
    const runner = t.app.get(JobRunner);
    const slot = new Date('2026-11-22T03:00:00Z');
    expect((await runner.runSlot(name, slot)).outcome).toBe('succeeded');
    expect((await runner.runSlot(name, slot)).outcome).toBe('skipped');
    const forced = runner.runSlot(name, slot, { force: true });
    await new Promise((r) => setTimeout(r, 100));
    expect((await runner.runSlot(name, slot, { force: true })).outcome).toBe('skipped');
    release();
    expect(await forced).toMatchObject({ outcome: 'succeeded', rows: 2 });
  });

  it('lists the runs a workspace may see over GET /v1/jobs/runs, and names a bad query field', async () => {
    const ws = await t.newWorkspace();
    const other = await t.newWorkspace();
    const global = `test.listed.${uniqueId()}`;
    const own = `test.own.${uniqueId()}`;
    const foreign = `test.foreign.${uniqueId()}`;
    register(t, global, async () => 3);
    register(t, own, async () => 4, { workspaceId: ws.workspaceId });
    register(t, foreign, async () => 5, { workspaceId: other.workspaceId });
    const runner = t.app.get(JobRunner);
    const slot = new Date('2026-11-22T03:00:00Z');
    for (const name of [global, own, foreign]) await runner.runSlot(name, slot);

    const viewer = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
    const token = await signIn(t, viewer);
    const res = await call(t.baseUrl, 'GET', '/v1/jobs/runs?limit=500', { token, workspace: ws.workspaceId });
    expect(res.status).toBe(200);
    const names = (res.body['runs'] as { job: string }[]).map((r) => r.job);
    expect(names).toContain(global);
    expect(names).toContain(own);
    expect(names).not.toContain(foreign);
    const one = await call(t.baseUrl, 'GET', `/v1/jobs/runs?job=${own}`, { token: ws.readKey });
    expect(one.body['runs']).toEqual([
      expect.objectContaining({ job: own, slot: slot.toISOString(), outcome: 'succeeded', rows: 4, error: null, attempts: 1 }),
    ]);
    const bad = await call(t.baseUrl, 'GET', '/v1/jobs/runs?limit=0', { token, workspace: ws.workspaceId });
    expect(bad.status).toBe(400);
    expect(bad.body['error'].message).toMatch(/^limit: /);
  });

  it('refuses a bad cron expression, time zone or duplicate name at registration', () => {
    const registry = t.app.get(JobRegistry);
    const run = async () => undefined;
    expect(() => registry.register({ name: 'x.bad-cron', cron: 'every day', timeZone: 'UTC', run })).toThrow(/cron "every day"/);
    expect(() => registry.register({ name: 'x.bad-zone', cron: '0 2 * * *', timeZone: 'Mars/Base', run })).toThrow(/Invalid timezone/);
    registry.register({ name: 'x.dup', cron: '0 2 * * *', timeZone: 'UTC', run });
    expect(() => registry.register({ name: 'x.dup', cron: '0 2 * * *', timeZone: 'UTC', run })).toThrow(/already registered/);
  });
});
