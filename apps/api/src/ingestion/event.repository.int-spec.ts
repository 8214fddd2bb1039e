import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createPool } from '../database/database.module';
import { testDatabaseUrl } from '../../test/support/test-database';
import { EventRepository } from './event.repository';
import type { EnrichedEvent } from './pipeline/pipeline.types';

const event = (workspaceId: string, id: string, occurredAt: Date, over: Partial<EnrichedEvent> = {}): EnrichedEvent => ({
  index: 0,
  workspaceId,
  id,
  type: 'email.sent',
  occurredAt,
  receivedAt: new Date(),
  campaignId: 'c1',
  messageId: `m-${id}`,
  contactEmail: 'ada@example.com',
  contactExternalId: null,
  recipientDomain: 'example.com',
  variant: 'A',
  verdict: 'unknown',
  verdictReasons: [],
  amount: null,
  bounceClass: null,
  client: null,
  os: null,
  device: null,
  properties: {},
  ...over,
});

describe('EventRepository (real PostgreSQL)', () => {
  let pool: Pool;
  let repo: EventRepository;
  let workspaceId: string;
  let other: string;

  beforeAll(async () => {
    pool = createPool(testDatabaseUrl(), 4);
    repo = new EventRepository(pool);
    const { rows } = await pool.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ('repo-a'), ('repo-b') RETURNING id`);
    [workspaceId, other] = [rows[0]!.id, rows[1]!.id];
  });
  afterAll(() => pool.end());

  it('creates the daily partition a late event needs, and stores into it', async () => {
    const day = new Date(Date.UTC(2026, 0, 15, 10, 30));
    await repo.ensurePartitions(['2026-01-15']);
    await repo.ensurePartitions(['2026-01-15']); // idempotent
    const inserted = await repo.writeGroup([event(workspaceId, randomUUID(), day)], []);
    expect(inserted).toEqual(new Set([0]));
    const { rows } = await pool.query(`SELECT tableoid::regclass::text AS part FROM events WHERE workspace_id = $1 AND occurred_at = $2`, [workspaceId, day]);
    expect(rows).toEqual([{ part: 'events_p20260115' }]);
  });

  it('reports only new rows as inserted and keeps dead letters of the same group', async () => {
    const at = new Date();
    await repo.ensurePartitions([at.toISOString().slice(0, 10)]);
    const id = randomUUID();
    const dead = { workspaceId, source: 'api', reason: 'type: is required', field: 'type', payload: { x: 1 }, raw: null };
    expect(await repo.writeGroup([event(workspaceId, id, at), event(workspaceId, randomUUID(), at)], [dead])).toEqual(new Set([0, 1]));
    expect(await repo.writeGroup([event(workspaceId, id, at)], [])).toEqual(new Set());
    const { rows } = await pool.query(`SELECT reason FROM dead_letters WHERE workspace_id = $1`, [workspaceId]);
    expect(rows).toEqual([{ reason: 'type: is required' }]);
  });

  it('finds message facts only within the asking workspace', async () => {
    const at = new Date();
    const id = randomUUID();
    await repo.writeGroup([event(workspaceId, id, at)], []);
    expect((await repo.findMessages(workspaceId, [`m-${id}`])).get(`m-${id}`)).toMatchObject({ campaignId: 'c1', variant: 'A' });
    expect((await repo.findMessages(other, [`m-${id}`])).size).toBe(0);
  });

  it('deletes message state untouched for longer than the TTL, and only that', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const recent = new Date();
    const [a, b] = [randomUUID(), randomUUID()];
    await repo.ensurePartitions([old.toISOString().slice(0, 10)]);
    await repo.writeGroup([event(other, a, old), event(other, b, recent)], []);
    expect(await repo.deleteStaleMessageStates(30)).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query(`SELECT message_id FROM message_states WHERE workspace_id = $1 ORDER BY message_id`, [other]);
    expect(rows).toEqual([{ message_id: `m-${b}` }]);
  });
});
