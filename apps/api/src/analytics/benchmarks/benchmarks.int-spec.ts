import type { BenchmarksResponse, IngestEvent } from '@mailpulse/contracts';
import { findIndustryBenchmark } from '@mailpulse/metrics';
import { simulate } from '@mailpulse/simulator';
import { Pool } from 'pg';
import { call, CallResult } from '../../../test/support/auth-requests';
import {
  postEvents,
  startTestApp,
  TestApp,
  uniqueId,
} from '../../../test/support/test-app';
import { testDatabaseUrl } from '../../../test/support/test-database';

/**
 * GET /v1/benchmarks: a day of simulated traffic (machine opens included) goes through POST /v1/events; the
 * workspace's rates in the answer are compared with rates computed here from the raw events, independently of
 * the API's SQL, and the benchmark with the shipped table.
 */
const DAY_MS = 86_400_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

describe('GET /v1/benchmarks against the raw events', () => {
  let t: TestApp;
  let pool: Pool;
  let ws: string;
  let key: string;
  let from: Date;
  let to: Date;

  const get = (path: string, token = key): Promise<CallResult> =>
    call(t.baseUrl, 'GET', path, { token });

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({
      connectionString: testDatabaseUrl(),
      max: 2,
      options: '-c timezone=UTC',
    });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    key = created.readKey;
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const events: IngestEvent[] = [];
    for (const { event } of simulate({
      seed: 1010,
      days: 1,
      contacts: 400,
      campaignsPerWeek: 14,
      end,
      idPrefix: uniqueId('bm-'),
    }))
      events.push(event);
    for (let i = 0; i < events.length; i += 2_000) {
      const res = await postEvents(
        t.baseUrl,
        created.ingestKey,
        events.slice(i, i + 2_000),
      );
      expect(res.status).toBeLessThan(300);
    }
    // The whole data set, on minute boundaries (the rollups' grain).
    from = new Date(end.getTime() - 2 * DAY_MS);
    to = new Date(end.getTime() + 60_000);
  }, 300_000);

  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  it('gives the workspace rates the raw events give, beside the chosen industry', async () => {
    const res = await get(
      `/v1/benchmarks?industry=government&from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    expect(res.status).toBe(200);
    const body = res.body as BenchmarksResponse;

    const [e] = (
      await pool.query(
        `SELECT count(*) FILTER (WHERE type = 'email.sent')::int AS sent,
                count(*) FILTER (WHERE type = 'email.delivered')::int AS delivered,
                count(*) FILTER (WHERE type = 'email.bounced')::int AS bounced,
                count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'hard')::int AS hard,
                count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'soft')::int AS soft,
                count(*) FILTER (WHERE type = 'email.complained')::int AS complaints,
                count(*) FILTER (WHERE type = 'email.unsubscribed')::int AS unsubscribes,
                count(DISTINCT message_id) FILTER (WHERE type = 'email.opened')::int AS opened,
                count(DISTINCT message_id) FILTER (WHERE type = 'email.opened' AND verdict <> 'machine')::int AS opened_human,
                count(DISTINCT message_id) FILTER (WHERE type = 'email.clicked' AND verdict <> 'machine')::int AS clicked_human
         FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
        [ws, from, to],
      )
    ).rows as Row[];
    const r = e!;
    expect(r['sent']).toBeGreaterThan(100);
    expect(r['opened']).toBeGreaterThan(r['opened_human']); // machine opens are in the data set

    const w = body.workspace.compared;
    expect(w.humanOpen).toBeCloseTo(r['opened_human'] / r['delivered'], 12);
    expect(w.allOpen).toBeCloseTo(r['opened'] / r['delivered'], 12);
    expect(w.click).toBeCloseTo(r['clicked_human'] / r['delivered'], 12);
    expect(w.bounce).toBeCloseTo(r['bounced'] / r['sent'], 12);
    expect(w.hardBounce).toBeCloseTo(r['hard'] / r['sent'], 12);
    expect(w.softBounce).toBeCloseTo(r['soft'] / r['sent'], 12);
    expect(w.unsubscribe).toBeCloseTo(r['unsubscribes'] / r['delivered'], 12);
    expect(w.complaint).toBeCloseTo(r['complaints'] / r['delivered'], 12);
    expect(w.humanOpen!).toBeLessThan(w.allOpen!);

    expect(body.industry).toEqual(findIndustryBenchmark('government'));
    expect(body.industries.length).toBe(25);
    expect(body.source.edition).toBe('March 2018');
    expect(body.openRateCaveat).toMatch(/Apple Mail Privacy Protection/);
    expect(body.applePrivacyProtectionSince).toBe('2021-09-20');
  });

  it('defaults to all accounts and keeps workspaces apart', async () => {
    const other = await t.newWorkspace();
    const res = await get(
      `/v1/benchmarks?from=${from.toISOString()}&to=${to.toISOString()}`,
      other.readKey,
    );
    expect(res.status).toBe(200);
    const body = res.body as BenchmarksResponse;
    expect(body.industry.id).toBe('all-non-labeled-accounts');
    expect(body.workspace.counts.sent).toBe(0);
    expect(body.workspace.compared.humanOpen).toBeNull();
  });

  it.each([
    ['industry=plumbing', 'industry'],
    ['from=yesterday', 'from'],
    ['industry=government&colour=red', 'colour'],
  ])('refuses ?%s naming %s', async (query, field) => {
    const res = await get(`/v1/benchmarks?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('needs a key', async () => {
    const res = await call(t.baseUrl, 'GET', '/v1/benchmarks', {});
    expect(res.status).toBe(401);
  });
});
