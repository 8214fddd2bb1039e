import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { testDatabaseUrl } from '../../test/support/test-database';
import { loadConfig } from '../config/config.schema';
import { createPool } from '../database/database.module';
import { EventRepository } from '../ingestion/event.repository';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';
import { CLI_ACTOR } from '../workspaces/principal';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

const DAY = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

const event = (workspaceId: string, occurredAt: Date, campaignId: string): EnrichedEvent => ({
  index: 0,
  workspaceId,
  id: randomUUID(),
  type: 'email.sent',
  occurredAt,
  receivedAt: new Date(),
  campaignId,
  messageId: `m-${randomUUID()}`,
  contactEmail: 'ada@example.com',
  contactExternalId: null,
  recipientDomain: 'example.com',
  variant: null,
  verdict: 'unknown',
  verdictReasons: [],
  amount: null,
  bounceClass: null,
  client: null,
  os: null,
  device: null,
  properties: {},
});

describe('RetentionService (real PostgreSQL)', () => {
  let pool: Pool;
  let events: EventRepository;
  let retention: RetentionService;
  const now = Date.now();

  beforeAll(() => {
    pool = createPool(testDatabaseUrl(), 4);
    events = new EventRepository(pool);
    const config = loadConfig({ DATABASE_URL: testDatabaseUrl(), RETENTION_DEFAULT_DAYS: '400' });
    retention = new RetentionService(new RetentionRepository(pool), config);
  });
  afterAll(() => pool.end());

  const newWorkspace = async () => (await pool.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('retention-test') RETURNING id`)).rows[0]!.id;
  const store = async (list: EnrichedEvent[]) => {
    await events.ensurePartitions([...new Set(list.map((e) => dayOf(e.occurredAt)))]);
    await events.writeGroup(list, []);
  };
  const rawCount = async (workspaceId: string, from: number, to: number) =>
    (
      await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3', [
        workspaceId,
        new Date(from),
        new Date(to),
      ])
    ).rows[0]!.n;
  const rollups = async (workspaceId: string) =>
    (
      await pool.query(
        `SELECT 'minute' AS grain, bucket, campaign_id, sum(count)::int AS n FROM rollups_minute WHERE workspace_id = $1 GROUP BY 1, 2, 3
         UNION ALL SELECT 'hour', bucket, campaign_id, sum(count)::int FROM rollups_hour WHERE workspace_id = $1 GROUP BY 1, 2, 3
         UNION ALL SELECT 'day', bucket, campaign_id, sum(count)::int FROM rollups_day WHERE workspace_id = $1 GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3`,
        [workspaceId],
      )
    ).rows;

  it('deletes a workspace’s raw events past its own horizon, keeps newer ones, other workspaces’ rows and every rollup', async () => {
    const [short, long] = [await newWorkspace(), await newWorkspace()];
    await retention.setSetting(short, 30, CLI_ACTOR);
    const old = new Date(now - 100 * DAY);
    const recent = new Date(now - 10 * DAY);
    await store([
      ...Array.from({ length: 5 }, () => event(short, old, 'spring')),
      ...Array.from({ length: 3 }, () => event(short, recent, 'autumn')),
      ...Array.from({ length: 4 }, () => event(long, old, 'spring')),
    ]);
    const rollupsBefore = [await rollups(short), await rollups(long)];
    expect(rollupsBefore[0]!.length).toBeGreaterThan(0);
    // Notification messages about events: a sent one past the horizon goes; a waiting one and a recent one stay.
    const { rows: [channel] } = await pool.query(`INSERT INTO alert_channels (workspace_id, kind, name, settings) VALUES ($1, 'slack', 'ops', '{"url": "http://127.0.0.1:9/"}') RETURNING id`, [short]);
    const { rows: [rule] } = await pool.query(
      `INSERT INTO notification_rules (workspace_id, name, enabled, filter, channel_ids, rate_limit_count, rate_limit_window_minutes) VALUES ($1, 'sent', false, '{"types": ["email.sent"], "conditions": [], "verdicts": ["human", "unknown"]}', ARRAY[$2::uuid], 10, 60) RETURNING id`,
      [short, channel.id],
    );
    for (const [status, createdAt] of [['delivered', old], ['pending', old], ['delivered', recent]] as const) {
      await pool.query(`INSERT INTO notification_deliveries (workspace_id, rule_id, channel_id, kind, payload, status, created_at) VALUES ($1, $2, $3, 'match', '{}', $4, $5)`, [short, rule.id, channel.id, status, createdAt]);
    }

    const result = await retention.run(now);

    expect(result.eventsDeleted[short]).toBe(5);
    expect(result.eventsDeleted[long]).toBeUndefined();
    expect(await rawCount(short, now - 101 * DAY, now - 99 * DAY)).toBe(0);
    expect(await rawCount(short, now - 11 * DAY, now - 9 * DAY)).toBe(3);
    expect(await rawCount(long, now - 101 * DAY, now - 99 * DAY)).toBe(4);
    expect([await rollups(short), await rollups(long)]).toEqual(rollupsBefore);
    const { rows: audit } = await pool.query(`SELECT actor, action, details FROM audit_log WHERE workspace_id = $1 ORDER BY id`, [short]);
    expect(audit).toEqual([
      { actor: 'cli', action: 'retention.change', details: { from: null, to: 30 } },
      { actor: 'system', action: 'retention.purge', details: { before: new Date(now - 30 * DAY).toISOString(), eventsDeleted: 5, notificationsDeleted: 1 } },
    ]);
    const { rows: kept } = await pool.query(`SELECT status, created_at FROM notification_deliveries WHERE workspace_id = $1 ORDER BY created_at, status`, [short]);
    expect(kept).toEqual([{ status: 'pending', created_at: old }, { status: 'delivered', created_at: recent }]);

    // A second run finds nothing more to delete.
    expect((await retention.run(now)).eventsDeleted[short]).toBeUndefined();
  });

  it('drops a whole daily partition once every workspace’s horizon has passed it, keeping its rollups', async () => {
    const ws = await newWorkspace();
    const ancient = new Date(now - 500 * DAY);
    await store([event(ws, ancient, 'old'), event(ws, ancient, 'old')]);
    const partition = `events_p${dayOf(ancient).replace(/-/g, '')}`;
    const rollupsBefore = await rollups(ws);
    await events.ensurePartitions([dayOf(new Date(now))]);

    const result = await retention.run(now);

    expect(result.partitionsDropped).toContain(partition);
    const { rows } = await pool.query('SELECT to_regclass($1) AS found', [partition]);
    expect(rows[0].found).toBeNull();
    expect(await rollups(ws)).toEqual(rollupsBefore);
    expect(rollupsBefore.find((r) => r.grain === 'day')).toMatchObject({ campaign_id: 'old', n: 2 });
    // The partition of today, well inside every horizon, is still there.
    const { rows: today } = await pool.query('SELECT to_regclass($1) AS found', [`events_p${dayOf(new Date(now)).replace(/-/g, '')}`]);
    expect(today[0].found).not.toBeNull();
  });

  it('keeps every partition while one workspace keeps its events forever', async () => {
    const [keeper, other] = [await newWorkspace(), await newWorkspace()];
    await retention.setSetting(keeper, 0, CLI_ACTOR);
    try {
      const ancient = new Date(now - 480 * DAY);
      await store([event(keeper, ancient, 'kept'), event(other, ancient, 'gone')]);
      const result = await retention.run(now);
      expect(result.partitionsDropped).toEqual([]);
      expect(await rawCount(keeper, now - 481 * DAY, now - 479 * DAY)).toBe(1);
      expect(await rawCount(other, now - 481 * DAY, now - 479 * DAY)).toBe(0);
    } finally {
      // Leave no keep-forever workspace behind for other tests' runs.
      await retention.setSetting(keeper, null, CLI_ACTOR);
    }
  });

  it('reads and writes the setting, the default applying when it is null', async () => {
    const ws = await newWorkspace();
    expect(await retention.getSetting(ws)).toEqual({ retentionDays: null, effectiveDays: 400, defaultDays: 400 });
    expect(await retention.setSetting(ws, 14, CLI_ACTOR)).toEqual({ retentionDays: 14, effectiveDays: 14, defaultDays: 400 });
    await expect(retention.getSetting(randomUUID())).rejects.toMatchObject({ status: 404 });
  });
});
