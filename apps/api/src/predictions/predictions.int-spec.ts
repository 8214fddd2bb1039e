import type { Pool } from 'pg';
import { createPool } from '../database/database.module';
import { NightlyEtlService } from '../etl/nightly-etl.service';
import { startTestApp, TestApp } from '../../test/support/test-app';
import type { AnomalyRecord } from './anomaly.record';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { AnomalyFeed } from './anomaly.feed';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe('predictions, send times, recommendations and anomalies over HTTP', () => {
  let t: TestApp;
  let pool: Pool;
  let ws: { workspaceId: string; readKey: string };
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const at = (daysAgo: number, hour: number, minute = 0) => new Date(today - daysAgo * DAY_MS + hour * HOUR_MS + minute * 60_000).toISOString();
  const day = (daysAgo: number) => new Date(today - daysAgo * DAY_MS).toISOString().slice(0, 10);

  beforeAll(async () => {
    // No trained model in this folder: the campaign prediction falls back to the workspace's recent average.
    t = await startTestApp({ ML_MODELS_DIR: '/nonexistent/models' });
    pool = createPool(t.config.DATABASE_URL, 2);
    ws = await t.newWorkspace();
    let n = 0;
    const message = async (campaign: string, contact: string, sentAt: string, extra: { delivered?: boolean; humanOpenAt?: string; hardBounce?: boolean } = {}) => {
      await pool.query(
        `INSERT INTO message_states (workspace_id, message_id, campaign_id, contact_email, recipient_domain, sent_at, last_delivered_at, last_bounced_at,
           bounce_class, first_open_at, first_human_open_at, last_event_at)
         VALUES ($1, $2, $3, $4, split_part($4, '@', 2), $5, $6, $7, $8, $9, $9, $5)`,
        [ws.workspaceId, `m${n++}`, campaign, contact, sentAt, extra.hardBounce ? null : sentAt, extra.hardBounce ? sentAt : null, extra.hardBounce ? 'hard' : null, extra.humanOpenAt ?? null],
      );
    };
    // ann opens at 18:xx three times, cy twice (18:20 and 19:00), dan never (6 messages), eve hard-bounces once.
    await message('c1', 'ann@gmail.com', at(5, 9), { humanOpenAt: at(5, 18, 10) });
    await message('c1', 'cy@gmail.com', at(5, 9), { humanOpenAt: at(5, 18, 20) });
    await message('c1', 'dan@gmail.com', at(5, 9));
    await message('c1', 'eve@yahoo.com', at(5, 9), { hardBounce: true });
    await message('c2', 'ann@gmail.com', at(3, 9), { humanOpenAt: at(3, 18, 5) });
    await message('c2', 'cy@gmail.com', at(3, 9), { humanOpenAt: at(3, 19, 0) });
    await message('c2', 'dan@gmail.com', at(3, 9));
    await message('c3', 'ann@gmail.com', at(2, 9), { humanOpenAt: at(2, 18, 30) });
    await message('c3', 'dan@gmail.com', at(2, 9));
    await message('c4', 'dan@gmail.com', at(1, 8));
    await message('c5', 'dan@gmail.com', at(1, 8, 30));
    await message('c6', 'dan@gmail.com', at(1, 9));
    await t.app.get(NightlyEtlService).runWorkspace(ws.workspaceId, [day(5), day(4), day(3), day(2), day(1)]);
  });
  afterAll(async () => {
    await t.close();
    await pool.end();
  });

  const get = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${ws.readKey}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ws.readKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it("gives a contact's own best hour, and the workspace's when its history is thin", async () => {
    const ann = await get('/v1/contacts/ANN@gmail.com/best-send-time');
    expect(ann.status).toBe(200);
    expect(ann.body).toMatchObject({ contact: 'ann@gmail.com', recipientDomain: 'gmail.com', hourUtc: 18, source: 'contact', opens: 3, modelVersion: 'default' });
    // dan never opened; gmail.com has 5 opens (fewer than 30), so the workspace's histogram decides: 18:00 (4 of 5 opens).
    const dan = await get('/v1/contacts/dan@gmail.com/best-send-time');
    expect(dan.body).toMatchObject({ hourUtc: 18, source: 'workspace', opens: 5 });
    // c2 went to ann (18:00, own opens), cy (2 opens: workspace's 18:00) and dan (workspace's 18:00).
    const audience = await get('/v1/campaigns/c2/best-send-time');
    expect(audience.body).toMatchObject({ campaignId: 'c2', contacts: 3, bestHourUtc: 18, bySource: { contact: 1, workspace: 2 } });
    expect(audience.body['contactsByHour'][18]).toBe(3);
    expect((await get('/v1/campaigns/nope/best-send-time')).status).toBe(404);
    const unknown = await get('/v1/contacts/nobody@example.com/best-send-time');
    expect(unknown.status).toBe(404);
    expect(unknown.body['error'].message).toMatch(/^id: /);
  });

  it('predicts a campaign from the recent average when no model has passed, and names a bad field', async () => {
    const res = await post('/v1/predictions/campaign', { subject: 'Hello {{firstName}}', sendAt: at(-1, 9) });
    expect(res.status).toBe(200);
    // Last five campaigns: c6, c5, c4 (dan only: 0), c3 (1 of 2) and c2 (2 of 3): (0 + 0 + 0 + 0.5 + 0.66667) / 5.
    expect(res.body['source']).toBe('baseline');
    expect(res.body['predicted'].humanOpenRate).toBeCloseTo(0.23333, 5);
    expect(res.body['baseline'].bounceRate).toBe(0);
    expect(res.body['audience']).toMatchObject({ contacts: 4, withHistory: 4 });
    // ann, cy, dan and eve: 5 human opens on 11 delivered messages.
    expect(res.body['audience'].historyRates.humanOpenRate).toBeCloseTo(5 / 11, 5);
    expect(res.body['series']).toBeNull();
    const some = await post('/v1/predictions/campaign', { subject: 'Hi', name: 'Spring promo · 3 May', sendAt: at(-1, 9), contacts: ['ANN@gmail.com', 'new@example.com'] });
    expect(some.body['audience']).toMatchObject({ contacts: 2, withHistory: 1 });
    expect(some.body['series']).toEqual({ name: 'spring promo', pastCampaigns: 0 });
    const bad = await post('/v1/predictions/campaign', { subject: 'Hi', sendAt: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body['error'].message).toMatch(/^sendAt: /);
  });

  it('recommends suppressing the hard bounce and the inactive contact, with the numbers', async () => {
    const res = await get('/v1/recommendations');
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries((res.body['recommendations'] as { kind: string }[]).map((r) => [r.kind, r]));
    expect(byKind['suppress-hard-bounces']).toMatchObject({ priority: 'high', evidence: { contacts: 1, sample: ['eve@yahoo.com'], windowDays: 90 } });
    expect(byKind['suppress-inactive']).toMatchObject({ evidence: { contacts: 1, messagesDelivered: 6, minMessages: 5, sample: ['dan@gmail.com'] } });
    expect(byKind['slow-down-complaints']).toBeUndefined();
  });

  it('flags a bounce spike in a closed bucket once, with its band, publishes it on the feed and lists it', async () => {
    const bucket = new Date('2026-06-15T10:00:00Z');
    // Two weeks of steady hours (1000 sent to yahoo.com, 20 bounced, 60 heartbeats), then 150 bounces.
    await pool.query(
      `INSERT INTO rollups_hour (workspace_id, bucket, campaign_id, type, variant, recipient_domain, verdict, count)
       SELECT $1, h, '', t.type, '', t.domain, '', CASE WHEN t.type = 'email.bounced' AND h = $2 THEN 150 ELSE t.n END
       FROM generate_series($2::timestamptz - interval '14 days', $2::timestamptz, interval '1 hour') h,
            (VALUES ('email.sent', 'yahoo.com', 1000), ('email.bounced', 'yahoo.com', 20), ('infra.vps', '', 60)) AS t(type, domain, n)`,
      [ws.workspaceId, bucket],
    );
    const heard: AnomalyRecord[] = [];
    const stop = t.app.get(AnomalyFeed).subscribe((r) => void heard.push(r));
    const detection = t.app.get(AnomalyDetectionService);
    const found = await detection.scoreWorkspaceBucket(ws.workspaceId, bucket);
    stop();
    expect(found.map((a) => [a.metric, a.recipientDomain]).sort()).toEqual([['bounce_rate', ''], ['bounce_rate', 'yahoo.com']]);
    expect(found[0]).toMatchObject({ workspaceId: ws.workspaceId, bucketStart: bucket.toISOString(), bucketSeconds: 3600, observed: 0.15, expected: 0.02, lower: 0, severity: 'critical', modelVersion: 'default' });
    expect(found[0]!.upper).toBeCloseTo(0.0572827, 6);
    expect(heard.map((a) => a.id)).toEqual(found.map((a) => a.id));
    expect(await detection.scoreWorkspaceBucket(ws.workspaceId, bucket)).toEqual([]);

    const listed = await get(`/v1/anomalies?after=${found[0]!.id - 1}`);
    expect(listed.body['anomalies'].map((a: AnomalyRecord) => a.id)).toEqual(found.map((a) => a.id));
    // Newest first, and only buckets in a range.
    const newest = await get('/v1/anomalies?order=desc&limit=1');
    expect(newest.body['anomalies'].map((a: AnomalyRecord) => a.id)).toEqual([Math.max(...found.map((a) => a.id))]);
    const inRange = (from: Date, to: Date) => get(`/v1/anomalies?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect((await inRange(bucket, new Date(bucket.getTime() + 3_600_000))).body['anomalies']).toHaveLength(2);
    expect((await inRange(new Date(bucket.getTime() + 3_600_000), new Date(bucket.getTime() + 7_200_000))).body['anomalies']).toEqual([]);
    const badFrom = await get('/v1/anomalies?from=yesterday');
    expect([badFrom.status, badFrom.body['error'].message]).toEqual([400, expect.stringMatching(/^from: /)]);
    const bad = await get('/v1/anomalies?limit=5000');
    expect(bad.status).toBe(400);
    expect(bad.body['error'].message).toMatch(/^limit: /);
  });
});
