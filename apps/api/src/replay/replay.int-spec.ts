import type { IngestEvent } from '@mailpulse/contracts';
import { simulate } from '@mailpulse/simulator';
import type { Pool } from 'pg';
import { postEvents, startTestApp, type TestApp, uniqueId } from '../../test/support/test-app';
import { PG_POOL } from '../database/database.module';
import { LiveRebuildRepository } from '../live-store/live-rebuild.repository';
import { LIVE_STORE, type LiveStore } from '../live-store/live-store';
import { ReplayRepository } from './replay.repository';
import { ReplayRefused, ReplayService } from './replay.service';

const HOUR = 3_600_000;
const BATCH = 1000;

/** Everything derived from a workspace's events, without the workspace id, in a stable order. */
async function derived(pool: Pool, workspaceId: string) {
  const rollups: Record<string, unknown[]> = {};
  for (const table of ['rollups_minute', 'rollups_hour', 'rollups_day']) {
    const { rows } = await pool.query(
      `SELECT bucket, campaign_id, type, variant, recipient_domain, verdict, count::int AS count, amount::text AS amount FROM ${table}
        WHERE workspace_id = $1 ORDER BY bucket, campaign_id, type, variant, recipient_domain, verdict`,
      [workspaceId],
    );
    rollups[table] = rows;
  }
  const { rows: states } = await pool.query(
    `SELECT message_id, campaign_id, variant, contact_email, contact_external_id, recipient_domain, sent_at, first_delivered_at,
            last_delivered_at, last_deferred_at, last_bounced_at, bounce_class, first_open_at, first_human_open_at, first_click_at,
            first_human_click_at, replied_at, complained_at, unsubscribed_at, open_count, click_count, last_event_at
       FROM message_states WHERE workspace_id = $1 ORDER BY message_id`,
    [workspaceId],
  );
  return { minute: rollups.rollups_minute!, hour: rollups.rollups_hour!, day: rollups.rollups_day!, message_states: states };
}

async function ingest(t: TestApp, ingestKey: string, events: IngestEvent[], batch = BATCH): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const res = await postEvents(t.baseUrl, ingestKey, events.slice(i, i + batch));
    expect(res.status).toBeLessThan(300);
  }
}

describe('rollups:rebuild (replay from raw events)', () => {
  let t: TestApp;
  let pool: Pool;
  let live: LiveStore;
  let replay: ReplayService;
  let events: IngestEvent[];
  let from: Date;
  let to: Date;

  beforeAll(async () => {
    t = await startTestApp();
    pool = t.app.get<Pool>(PG_POOL);
    live = t.app.get<LiveStore>(LIVE_STORE);
    replay = new ReplayService(new ReplayRepository(pool), new LiveRebuildRepository(pool), live, t.config);
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
    events = [...simulate({ seed: 10, days: 2, end, contacts: 1500, campaignsPerWeek: 14, idPrefix: uniqueId('rp-') })].map((s) => s.event);
    from = new Date(end.getTime() - 3 * 24 * HOUR);
    to = new Date(end.getTime() + 2 * HOUR);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('rebuilds rollups, message states and live buckets equal to those written live, after they were damaged', async () => {
    const ws = await t.newWorkspace();
    await ingest(t, ws.ingestKey, events);
    const written = await derived(pool, ws.workspaceId);
    expect(written.minute.length).toBeGreaterThan(100);
    expect(written.message_states.length).toBeGreaterThan(1000);
    const liveFrom = Date.now() - 20 * HOUR;
    const liveWritten = await live.readMinutes(ws.workspaceId, '', liveFrom, Date.now());
    expect(liveWritten.length).toBeGreaterThan(10);

    // Damage every derived table: lost minutes, doubled hours, missing days, wrong and missing message states, wrong live minutes.
    await pool.query(`DELETE FROM rollups_minute WHERE workspace_id = $1 AND type = 'email.opened'`, [ws.workspaceId]);
    await pool.query(`UPDATE rollups_hour SET count = count * 2 WHERE workspace_id = $1`, [ws.workspaceId]);
    await pool.query(`DELETE FROM rollups_day WHERE workspace_id = $1`, [ws.workspaceId]);
    await pool.query(`UPDATE message_states SET open_count = 0, first_open_at = NULL WHERE workspace_id = $1`, [ws.workspaceId]);
    await pool.query(`DELETE FROM message_states WHERE workspace_id = $1 AND message_id IN (SELECT message_id FROM message_states WHERE workspace_id = $1 LIMIT 50)`, [ws.workspaceId]);
    await live.replaceMinutes(liveWritten.map((m) => ({ workspaceId: ws.workspaceId, campaignId: '', minute: m.minute, counts: { 'email.sent': 1 } })));
    expect(await derived(pool, ws.workspaceId)).not.toEqual(written);

    const result = await replay.rebuild(ws.workspaceId, from, to);

    // The simulator repeats some deliveries as providers do; each stored event is read once.
    const { rows: stored } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [ws.workspaceId]);
    expect(result.days.reduce((a, d) => a + d.events, 0)).toBe(stored[0]!.n);
    expect(result.liveMinutes).toBeGreaterThan(0);
    expect(await derived(pool, ws.workspaceId)).toEqual(written);
    expect(await live.readMinutes(ws.workspaceId, '', liveFrom, Date.now())).toEqual(liveWritten);
  }, 300_000);

  it('rebuilt equals live when events keep arriving during the rebuild', async () => {
    // The same traffic into two workspaces: the reference only ever written live, the other rebuilt while half of it arrives.
    const reference = await t.newWorkspace();
    const rebuilt = await t.newWorkspace();
    const half = Math.floor(events.length / 2);
    // In the same requests as the rebuilt workspace gets them: an open or click that arrives before its message's
    // delivery is judged by what its own request and the store know, so other request boundaries could judge it
    // differently (the simulator sends some engagement a thousand events ahead of the delivery).
    await ingest(t, reference.ingestKey, events.slice(0, half));
    await ingest(t, reference.ingestKey, events.slice(half), BATCH / 4);
    await ingest(t, rebuilt.ingestKey, events.slice(0, half));
    await pool.query(`UPDATE rollups_minute SET count = count + 7 WHERE workspace_id = $1`, [rebuilt.workspaceId]);

    let rebuilding = true;
    let batchesDuringRebuild = 0;
    const later = events.slice(half);
    const ingesting = (async () => {
      for (let i = 0; i < later.length; i += BATCH / 4) {
        const res = await postEvents(t.baseUrl, rebuilt.ingestKey, later.slice(i, i + BATCH / 4));
        expect(res.status).toBeLessThan(300);
        if (rebuilding) batchesDuringRebuild++;
      }
    })();
    // Rebuilds repeatedly until the concurrent ingestion is done, so rebuilds and writes interleave throughout.
    let rebuilds = 0;
    let done = false;
    void ingesting.finally(() => (done = true));
    while (!done) {
      await replay.rebuild(rebuilt.workspaceId, from, to);
      rebuilds++;
    }
    rebuilding = false;
    await ingesting;

    expect(rebuilds).toBeGreaterThan(1);
    expect(batchesDuringRebuild).toBeGreaterThan(1);
    expect(await derived(pool, rebuilt.workspaceId)).toEqual(await derived(pool, reference.workspaceId));
  }, 300_000);

  it('refuses an unknown workspace and a range whose raw events are past retention', async () => {
    await expect(replay.rebuild('00000000-0000-4000-8000-000000000000', from, to)).rejects.toThrow(ReplayRefused);
    const ws = await t.newWorkspace();
    await pool.query('UPDATE workspaces SET retention_days = 1 WHERE id = $1', [ws.workspaceId]);
    await expect(replay.rebuild(ws.workspaceId, from, to)).rejects.toThrow(/retention/);
  });
});
