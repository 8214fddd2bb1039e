import type { IngestEvent } from '@mailpulse/contracts';
import {
  probabilityToBeatControl,
  twoProportionZTest,
} from '@mailpulse/metrics';
import { simulate } from '@mailpulse/simulator';
import { Pool } from 'pg';
import {
  call,
  CallResult,
  newUser,
  signIn,
} from '../../test/support/auth-requests';
import {
  postEvents,
  startTestApp,
  TestApp,
  uniqueId,
} from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';

/**
 * Proof of the analytics API: three days of simulated traffic (duplicates, late events, machine opens and
 * clicks) go through POST /v1/events; every metric endpoint's answer is then compared with a GROUP BY over the
 * raw events of the workspace, written here independently of the API's own SQL.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

describe('analytics API against the raw events', () => {
  let t: TestApp;
  let pool: Pool;
  let ws: string;
  let key: string;
  let otherKey: string;
  let end: Date;
  let campaignIds: string[];
  let abCampaign: string;

  const get = (path: string, token = key): Promise<CallResult> =>
    call(t.baseUrl, 'GET', path, { token });
  const raw = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await pool.query(sql, [ws, ...params])).rows;

  beforeAll(async () => {
    t = await startTestApp();
    // UTC, as the rollups: date_trunc and ::date below cut UTC hours and days.
    pool = new Pool({
      connectionString: testDatabaseUrl(),
      max: 2,
      options: '-c timezone=UTC',
    });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    key = created.readKey;
    end = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    const prefix = uniqueId('an-');
    const run = simulate({
      seed: 515,
      days: 3,
      contacts: 1_200,
      campaignsPerWeek: 7,
      end,
      idPrefix: prefix,
    });
    const events: IngestEvent[] = [];
    for (const { event } of run) events.push(event);
    for (let i = 0; i < events.length; i += 2_000) {
      const res = await postEvents(
        t.baseUrl,
        created.ingestKey,
        events.slice(i, i + 2_000),
      );
      expect(res.status).toBeLessThan(300);
    }
    // A malformed event, for the dead letters.
    await postEvents(t.baseUrl, created.ingestKey, [
      {
        type: 'email.bounced',
        occurredAt: end.toISOString(),
        messageId: 'dl-1',
        properties: { bounceClass: 'sideways' },
      },
    ]);

    const other = await t.newWorkspace();
    otherKey = other.readKey;
    await postEvents(t.baseUrl, other.ingestKey, [
      {
        type: 'email.sent',
        occurredAt: end.toISOString(),
        messageId: uniqueId('m-'),
        campaignId: 'only-in-other-workspace',
      },
    ]);

    campaignIds = (
      await raw(
        `SELECT DISTINCT campaign_id FROM events WHERE workspace_id = $1 AND type = 'email.sent' ORDER BY 1`,
      )
    ).map((r) => r['campaign_id']);
    const ab = await raw(
      `SELECT campaign_id FROM events WHERE workspace_id = $1 AND type = 'email.sent' AND variant IS NOT NULL
       GROUP BY 1 HAVING count(DISTINCT variant) >= 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    abCampaign = ab[0]!['campaign_id'];
  }, 300_000);

  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  it('has a data set worth checking', () => {
    expect(campaignIds.length).toBeGreaterThanOrEqual(2);
    expect(abCampaign).toBeDefined();
  });

  describe('GET /v1/overview', () => {
    it('counts the events of the last 24 hours and today as the raw events do', async () => {
      const res = await get('/v1/overview');
      expect(res.status).toBe(200);
      for (const period of ['last24h', 'today'] as const) {
        const p = res.body[period];
        const [e] = await raw(
          `SELECT count(*) FILTER (WHERE type = 'email.sent')::int AS sent,
                  count(*) FILTER (WHERE type = 'email.delivered')::int AS delivered,
                  count(*) FILTER (WHERE type = 'email.opened' AND verdict <> 'machine')::int AS opens_human,
                  count(*) FILTER (WHERE type = 'email.opened' AND verdict = 'machine')::int AS opens_machine,
                  count(*) FILTER (WHERE type = 'email.clicked')::int AS clicks,
                  count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'hard')::int AS hard,
                  count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'soft')::int AS soft,
                  count(*) FILTER (WHERE type = 'email.complained')::int AS complaints,
                  count(*) FILTER (WHERE type = 'email.unsubscribed')::int AS unsubscribes,
                  count(*) FILTER (WHERE type = 'conversion')::int AS conversions,
                  coalesce(sum(amount) FILTER (WHERE type = 'conversion'), 0)::float8 AS revenue,
                  count(DISTINCT coalesce(contact_email, contact_external_id))::int AS contacts
           FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
          [p.from, p.to],
        );
        const [u] = await raw(
          `SELECT count(*) FILTER (WHERE first_open >= $2 AND first_open < $3)::int AS opened,
                  count(*) FILTER (WHERE first_human_open >= $2 AND first_human_open < $3)::int AS opened_human
           FROM (SELECT message_id, min(occurred_at) AS first_open, min(occurred_at) FILTER (WHERE verdict <> 'machine') AS first_human_open
                 FROM events WHERE workspace_id = $1 AND type = 'email.opened' GROUP BY message_id) m`,
          [p.from, p.to],
        );
        const c = p.counts;
        expect({
          period,
          sent: c.sent,
          delivered: c.delivered,
          hard: c.bounces.hard,
          soft: c.bounces.soft,
        }).toEqual({
          period,
          sent: e!['sent'],
          delivered: e!['delivered'],
          hard: e!['hard'],
          soft: e!['soft'],
        });
        expect([
          c.opens.human.total,
          c.opens.machine.total,
          c.clicks.total.total,
        ]).toEqual([e!['opens_human'], e!['opens_machine'], e!['clicks']]);
        expect([c.complaints, c.unsubscribes, c.conversions]).toEqual([
          e!['complaints'],
          e!['unsubscribes'],
          e!['conversions'],
        ]);
        expect(c.revenue).toBeCloseTo(e!['revenue'], 2);
        expect([c.opens.total.unique, c.opens.human.unique]).toEqual([
          u!['opened'],
          u!['opened_human'],
        ]);
        // Just after midnight UTC "today" may hold no sends yet: a rate over nothing is null, not 0 or NaN.
        if (c.sent === 0) expect(p.rates.delivery).toBeNull();
        else expect(p.rates.delivery).toBeCloseTo(c.delivered / c.sent, 12);
        // Active contacts come from the live store: exact in memory, HyperLogLog (about 1 %) in Redis.
        expect(Math.abs(p.activeContacts - e!['contacts'])).toBeLessThanOrEqual(
          Math.max(2, e!['contacts'] * 0.03),
        );
      }
      expect(res.body.live.minutes).toBe(5);
    });
  });

  describe('GET /v1/timeseries', () => {
    it('matches an hourly GROUP BY, zero-filled, for a campaign and the human verdict', async () => {
      const campaign = campaignIds[0]!;
      const from = new Date(end.getTime() - 3 * DAY_MS);
      const res = await get(
        `/v1/timeseries?metric=opens&bucket=hour&from=${from.toISOString()}&to=${end.toISOString()}&campaignId=${campaign}`,
      );
      expect(res.status).toBe(200);
      const rows = await raw(
        `SELECT date_trunc('hour', occurred_at) AS bucket, count(*)::int AS n FROM events
         WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'email.opened' AND verdict <> 'machine' AND occurred_at >= $3 AND occurred_at < $4 GROUP BY 1`,
        [
          campaign,
          new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS),
          end,
        ],
      );
      const expected = new Map(
        rows.map((r) => [new Date(r['bucket']).toISOString(), r['n']]),
      );
      expect(res.body.points.length).toBe(
        Math.ceil(
          (end.getTime() - Math.floor(from.getTime() / HOUR_MS) * HOUR_MS) /
            HOUR_MS,
        ),
      );
      for (const p of res.body.points)
        expect({ t: p.t, value: p.value }).toEqual({
          t: p.t,
          value: expected.get(p.t) ?? 0,
        });
      expect(res.body.points.some((p: Row) => p.value === 0)).toBe(true);
    });

    it('matches a daily GROUP BY for machine clicks of one recipient domain, and a rate per bucket', async () => {
      const from = new Date(
        Math.floor((end.getTime() - 3 * DAY_MS) / DAY_MS) * DAY_MS,
      );
      const to = new Date(end.getTime() + 60_000);
      const [top] = await raw(
        `SELECT recipient_domain FROM events WHERE workspace_id = $1 AND type = 'email.clicked' AND verdict = 'machine' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      );
      const domain = top!['recipient_domain'];
      const res = await get(
        `/v1/timeseries?metric=clicks&bucket=day&verdict=machine&domain=${domain}&from=${from.toISOString()}&to=${to.toISOString()}`,
      );
      expect(res.status).toBe(200);
      const rows = await raw(
        `SELECT date_trunc('day', occurred_at) AS bucket, count(*)::int AS n FROM events
         WHERE workspace_id = $1 AND recipient_domain = $2 AND type = 'email.clicked' AND verdict = 'machine' AND occurred_at >= $3 AND occurred_at < $4 GROUP BY 1`,
        [domain, from, to],
      );
      const expected = new Map(
        rows.map((r) => [new Date(r['bucket']).toISOString(), r['n']]),
      );
      expect(res.body.points.map((p: Row) => p.value)).toEqual(
        res.body.points.map((p: Row) => expected.get(p.t) ?? 0),
      );

      const rate = await get(
        `/v1/timeseries?metric=delivery_rate&bucket=day&from=${from.toISOString()}&to=${to.toISOString()}`,
      );
      const rr = await raw(
        `SELECT date_trunc('day', occurred_at) AS bucket, count(*) FILTER (WHERE type = 'email.delivered')::float8 / nullif(count(*) FILTER (WHERE type = 'email.sent'), 0) AS r
         FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1`,
        [from, to],
      );
      const expectedRate = new Map(
        rr.map((r) => [new Date(r['bucket']).toISOString(), r['r']]),
      );
      for (const p of rate.body.points) {
        const want = expectedRate.get(p.t) ?? null;
        if (want === null) expect(p.value).toBeNull();
        else expect(p.value).toBeCloseTo(want, 12);
      }
    });

    it.each([
      ['bucket=week&metric=opens', 'bucket'],
      ['bucket=hour&metric=bogus', 'metric'],
      ['bucket=hour&metric=opens&from=2026-13-01', 'from'],
      [
        'bucket=hour&metric=opens&from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z',
        'from',
      ],
      [
        'bucket=minute&metric=opens&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z',
        'bucket',
      ],
      ['bucket=hour&metric=opens&verdict=robot', 'verdict'],
      ['bucket=hour&metric=opens&colour=red', 'colour'],
    ])('answers 400 naming the field for %s', async (query, field) => {
      const res = await get(`/v1/timeseries?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe(field);
    });
  });

  /** Per campaign, from the raw events: message counts as the API defines them (see counts/message-counts.sql.ts). */
  async function rawCampaigns(campaignFilter = ''): Promise<Map<string, Row>> {
    const rows = await raw(
      `WITH m AS (
         SELECT campaign_id, message_id,
                bool_or(type = 'email.sent') AS sent,
                bool_or(type = 'email.delivered') AS delivered,
                max(occurred_at) FILTER (WHERE type = 'email.delivered') AS last_delivered,
                max(occurred_at) FILTER (WHERE type = 'email.bounced') AS last_bounced,
                (array_agg(properties->>'bounceClass' ORDER BY occurred_at DESC) FILTER (WHERE type = 'email.bounced'))[1] AS bounce_class,
                bool_or(type = 'email.opened') AS opened,
                bool_or(type = 'email.opened' AND verdict <> 'machine') AS opened_human,
                bool_or(type = 'email.clicked') AS clicked,
                bool_or(type = 'email.clicked' AND verdict <> 'machine') AS clicked_human,
                bool_or(type = 'email.complained') AS complained,
                bool_or(type = 'email.unsubscribed') AS unsubscribed,
                count(*) FILTER (WHERE type = 'email.opened') AS opens,
                count(*) FILTER (WHERE type = 'email.opened' AND verdict = 'machine') AS opens_machine,
                count(*) FILTER (WHERE type = 'email.clicked') AS clicks,
                count(*) FILTER (WHERE type = 'email.clicked' AND verdict = 'machine') AS clicks_machine
         FROM events WHERE workspace_id = $1 AND message_id IS NOT NULL AND type LIKE 'email.%' ${campaignFilter}
         GROUP BY campaign_id, message_id
       )
       SELECT campaign_id,
              count(*) FILTER (WHERE sent)::int AS sent, count(*) FILTER (WHERE delivered)::int AS delivered,
              count(*) FILTER (WHERE last_bounced IS NOT NULL AND (last_delivered IS NULL OR last_bounced > last_delivered) AND bounce_class = 'hard')::int AS hard,
              count(*) FILTER (WHERE last_bounced IS NOT NULL AND (last_delivered IS NULL OR last_bounced > last_delivered) AND bounce_class = 'soft')::int AS soft,
              count(*) FILTER (WHERE opened)::int AS opened, count(*) FILTER (WHERE opened_human)::int AS opened_human,
              count(*) FILTER (WHERE clicked)::int AS clicked, count(*) FILTER (WHERE clicked_human)::int AS clicked_human,
              count(*) FILTER (WHERE complained)::int AS complaints, count(*) FILTER (WHERE unsubscribed)::int AS unsubscribes,
              sum(opens)::int AS opens, sum(opens_machine)::int AS opens_machine, sum(clicks)::int AS clicks, sum(clicks_machine)::int AS clicks_machine
       FROM m WHERE campaign_id IS NOT NULL GROUP BY campaign_id`,
    );
    return new Map(rows.map((r) => [r['campaign_id'], r]));
  }

  /** Last-click attribution written another way: rank every qualifying human click per conversion. */
  async function rawAttribution(
    windowDays = 7,
  ): Promise<Map<string, { conversions: number; revenue: number }>> {
    const rows = await raw(
      `WITH pairs AS (
         SELECT c.id AS conversion, c.amount, k.campaign_id,
                row_number() OVER (PARTITION BY c.id ORDER BY k.occurred_at DESC, k.id DESC) AS rank
         FROM events c JOIN events k
           ON k.workspace_id = c.workspace_id AND k.type = 'email.clicked' AND k.verdict <> 'machine'
          AND coalesce(k.contact_email, k.contact_external_id) = coalesce(c.contact_email, c.contact_external_id)
          AND k.occurred_at <= c.occurred_at AND k.occurred_at >= c.occurred_at - ($2 || ' days')::interval
         WHERE c.workspace_id = $1 AND c.type = 'conversion'
       )
       SELECT campaign_id, count(*)::int AS conversions, sum(amount)::float8 AS revenue FROM pairs WHERE rank = 1 GROUP BY campaign_id`,
      [String(windowDays)],
    );
    return new Map(
      rows.map((r) => [
        r['campaign_id'],
        { conversions: r['conversions'], revenue: r['revenue'] },
      ]),
    );
  }

  function expectCountsMatch(
    label: string,
    counts: Row,
    r: Row,
    attributed?: { conversions: number; revenue: number },
  ): void {
    expect({
      label,
      sent: counts['sent'],
      delivered: counts['delivered'],
      hard: counts['bounces'].hard,
      soft: counts['bounces'].soft,
      opened: counts['opens'].total.unique,
      openedHuman: counts['opens'].human.unique,
      openedMachineOnly: counts['opens'].machine.unique,
      clicked: counts['clicks'].total.unique,
      clickedHuman: counts['clicks'].human.unique,
      opens: counts['opens'].total.total,
      opensMachine: counts['opens'].machine.total,
      clicks: counts['clicks'].total.total,
      clicksMachine: counts['clicks'].machine.total,
      complaints: counts['complaints'],
      unsubscribes: counts['unsubscribes'],
    }).toEqual({
      label,
      sent: r['sent'],
      delivered: r['delivered'],
      hard: r['hard'],
      soft: r['soft'],
      opened: r['opened'],
      openedHuman: r['opened_human'],
      openedMachineOnly: r['opened'] - r['opened_human'],
      clicked: r['clicked'],
      clickedHuman: r['clicked_human'],
      opens: r['opens'],
      opensMachine: r['opens_machine'],
      clicks: r['clicks'],
      clicksMachine: r['clicks_machine'],
      complaints: r['complaints'],
      unsubscribes: r['unsubscribes'],
    });
    if (attributed) {
      expect({ label, conversions: counts['conversions'] }).toEqual({
        label,
        conversions: attributed.conversions,
      });
      expect(counts['revenue']).toBeCloseTo(attributed.revenue, 2);
    }
  }

  describe('GET /v1/campaigns', () => {
    it('lists every campaign with the counts of a GROUP BY over its raw events and attributed revenue', async () => {
      const res = await get('/v1/campaigns?limit=200');
      expect(res.status).toBe(200);
      const expected = await rawCampaigns();
      const attribution = await rawAttribution();
      expect(res.body.total).toBe(expected.size);
      for (const c of res.body.items) {
        expectCountsMatch(
          c.id,
          c.counts,
          expected.get(c.id)!,
          attribution.get(c.id) ?? { conversions: 0, revenue: 0 },
        );
        expect(c.rates.open.human.unique).toBeCloseTo(
          c.counts.opens.human.unique / c.counts.delivered,
          12,
        );
      }
    });

    it('sorts by a rate, highest first, and pages', async () => {
      const res = await get('/v1/campaigns?sort=openRate&order=desc&limit=200');
      const rates = res.body.items.map((c: Row) => c.rates.open.human.unique);
      expect(rates).toEqual([...rates].sort((a: number, b: number) => b - a));
      const page = await get(
        '/v1/campaigns?sort=openRate&order=desc&limit=1&offset=1',
      );
      expect(page.body.items[0].id).toBe(res.body.items[1].id);
      expect((await get('/v1/campaigns?sort=colour')).body.error.field).toBe(
        'sort',
      );
    });

    it('compares campaigns side by side, and refuses an unknown one with 404', async () => {
      const ids = campaignIds.slice(0, 2);
      const res = await get(`/v1/campaigns/compare?ids=${ids.join(',')}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: Row) => c.id)).toEqual(ids);
      expect(
        (await get(`/v1/campaigns/compare?ids=${ids[0]},nope`)).status,
      ).toBe(404);
      expect((await get(`/v1/campaigns/compare?ids=${ids[0]}`)).status).toBe(
        400,
      );
    });
  });

  describe('GET /v1/campaigns/:id', () => {
    it('gives the funnel, per-link, per-domain and per-variant figures of GROUP BYs over the raw events', async () => {
      const res = await get(`/v1/campaigns/${abCampaign}`);
      expect(res.status).toBe(200);
      const body = res.body;
      const attribution = await rawAttribution();
      expectCountsMatch(
        'campaign',
        body.campaign.counts,
        (await rawCampaigns())!.get(abCampaign)!,
        attribution.get(abCampaign) ?? { conversions: 0, revenue: 0 },
      );
      const c = body.campaign.counts;
      expect(body.funnel.map((s: Row) => s.count)).toEqual([
        c.sent,
        c.delivered,
        c.opens.human.unique,
        c.clicks.human.unique,
        c.conversions,
      ]);

      const links = await raw(
        `SELECT properties->>'url' AS url, count(DISTINCT message_id)::int AS unique, count(*)::int AS total FROM events
         WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'email.clicked' AND verdict <> 'machine' GROUP BY 1`,
        [abCampaign],
      );
      expect(
        body.links.map((l: Row) => [l.url, l.unique, l.total]).sort(),
      ).toEqual(links.map((l) => [l['url'], l['unique'], l['total']]).sort());

      // Variants: messages grouped by the variant their events name (the state keeps the one they agree on).
      const variants = await raw(
        `WITH m AS (SELECT message_id, max(variant) AS variant, bool_or(type = 'email.sent') AS sent, bool_or(type = 'email.opened' AND verdict <> 'machine') AS opened_human
                    FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type LIKE 'email.%' GROUP BY message_id)
         SELECT variant, count(*) FILTER (WHERE sent)::int AS sent, count(*) FILTER (WHERE opened_human)::int AS opened_human FROM m WHERE variant IS NOT NULL GROUP BY variant ORDER BY variant`,
        [abCampaign],
      );
      expect(
        body.variants.map((v: Row) => [
          v.variant,
          v.counts.sent,
          v.counts.opens.human.unique,
        ]),
      ).toEqual(
        variants.map((v) => [v['variant'], v['sent'], v['opened_human']]),
      );

      const domains = await raw(
        `WITH m AS (SELECT message_id, max(recipient_domain) AS domain, bool_or(type = 'email.sent') AS sent, bool_or(type = 'email.delivered') AS delivered
                    FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type LIKE 'email.%' GROUP BY message_id)
         SELECT domain, count(*) FILTER (WHERE sent)::int AS sent, count(*) FILTER (WHERE delivered)::int AS delivered FROM m GROUP BY domain`,
        [abCampaign],
      );
      const byDomain = new Map(
        domains.map((d) => [d['domain'] ?? '', [d['sent'], d['delivered']]]),
      );
      for (const d of body.domains)
        expect([d.domain, d.counts.sent, d.counts.delivered]).toEqual([
          d.domain,
          ...byDomain.get(d.domain)!,
        ]);
    });

    it('pages through who opened (human), every such message once', async () => {
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res: CallResult = await get(
          `/v1/campaigns/${abCampaign}/recipients?action=opened&limit=97${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((r: Row) => r.messageId));
        cursor = res.body.nextCursor;
      }
      const rows = await raw(
        `SELECT DISTINCT message_id FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'email.opened' AND verdict <> 'machine'`,
        [abCampaign],
      );
      expect(seen.sort()).toEqual(rows.map((r) => r['message_id']).sort());
      expect(
        (
          await get(
            `/v1/campaigns/${abCampaign}/recipients?action=opened&cursor=garbage`,
          )
        ).body.error.field,
      ).toBe('cursor');
    });

    it("answers 404 for an unknown campaign and for another workspace's campaign", async () => {
      expect((await get('/v1/campaigns/no-such-campaign')).status).toBe(404);
      expect((await get('/v1/campaigns/only-in-other-workspace')).status).toBe(
        404,
      );
      expect(
        (await get('/v1/campaigns/only-in-other-workspace', otherKey)).status,
      ).toBe(200);
      expect((await get(`/v1/campaigns/${abCampaign}`, otherKey)).status).toBe(
        404,
      );
      expect(
        (await get(`/v1/campaigns/${abCampaign}/ab-test`, otherKey)).status,
      ).toBe(404);
    });
  });

  describe('GET /v1/campaigns/:id/ab-test', () => {
    it('tests each variant against the control on the raw unique opens per delivered message', async () => {
      const res = await get(
        `/v1/campaigns/${abCampaign}/ab-test?metric=open&lift=0.1`,
      );
      expect(res.status).toBe(200);
      const rows = await raw(
        `WITH m AS (SELECT message_id, max(variant) AS variant, bool_or(type = 'email.delivered') AS delivered, bool_or(type = 'email.opened' AND verdict <> 'machine') AS opened
                    FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type LIKE 'email.%' GROUP BY message_id)
         SELECT variant, count(*) FILTER (WHERE delivered)::int AS trials, count(*) FILTER (WHERE opened)::int AS successes FROM m WHERE variant IS NOT NULL GROUP BY variant ORDER BY variant`,
        [abCampaign],
      );
      expect(
        res.body.variants.map((v: Row) => [v.variant, v.trials, v.successes]),
      ).toEqual(rows.map((r) => [r['variant'], r['trials'], r['successes']]));
      const control = {
        successes: rows[0]!['successes'],
        trials: rows[0]!['trials'],
      };
      expect(res.body.control).toBe(rows[0]!['variant']);
      for (const [i, v] of res.body.variants.slice(1).entries()) {
        const p = {
          successes: rows[i + 1]!['successes'],
          trials: rows[i + 1]!['trials'],
        };
        const z = twoProportionZTest(control, p)!;
        expect(v.zTest.pValue).toBeCloseTo(z.pValue, 12);
        expect(v.zTest.confidenceInterval[0]).toBeCloseTo(
          z.confidenceInterval[0],
          12,
        );
        expect(v.probabilityToBeatControl).toBeCloseTo(
          probabilityToBeatControl(control, p),
          12,
        );
      }
      expect(res.body.sampleSize.perVariant).toBeGreaterThan(0);
      expect(
        (await get(`/v1/campaigns/${abCampaign}/ab-test?control=Z`)).body.error
          .field,
      ).toBe('control');
      expect(
        (await get(`/v1/campaigns/${abCampaign}/ab-test?confidence=2`)).body
          .error.field,
      ).toBe('confidence');
    });
  });

  describe('GET /v1/revenue', () => {
    it('attributes conversions to the last human click within the window, with ROI once a cost is set', async () => {
      const from = new Date(end.getTime() - 10 * DAY_MS).toISOString();
      const to = new Date(end.getTime() + 60_000).toISOString();
      for (const windowDays of [7, 1]) {
        const res = await get(
          `/v1/revenue?from=${from}&to=${to}&windowDays=${windowDays}`,
        );
        expect(res.status).toBe(200);
        const expected = await rawAttribution(windowDays);
        const [all] = await raw(
          `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::float8 AS revenue FROM events WHERE workspace_id = $1 AND type = 'conversion'`,
        );
        expect(res.body.totals.conversions).toBe(all!['n']);
        expect(res.body.totals.revenue).toBeCloseTo(all!['revenue'], 2);
        const got = new Map(
          res.body.campaigns
            .filter((c: Row) => c.conversions > 0)
            .map((c: Row) => [c.campaignId, c]),
        );
        expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [id, e] of expected) {
          expect((got.get(id) as Row).conversions).toBe(e.conversions);
          expect((got.get(id) as Row).revenue).toBeCloseTo(e.revenue, 2);
        }
      }

      const analyst = await newUser(t, { workspaceId: ws, role: 'analyst' });
      const token = await signIn(t, analyst);
      const viewer = await signIn(
        t,
        await newUser(t, { workspaceId: ws, role: 'viewer' }),
      );
      const top = [...(await rawAttribution()).entries()].sort(
        (a, b) => b[1].revenue - a[1].revenue,
      )[0]!;
      expect(
        (
          await call(t.baseUrl, 'PUT', `/v1/campaigns/${top[0]}/cost`, {
            token: viewer,
            body: { cost: 10, currency: 'EUR' },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(t.baseUrl, 'PUT', `/v1/campaigns/${top[0]}/cost`, {
            token,
            body: { cost: -1, currency: 'EUR' },
          })
        ).body.error.field,
      ).toBe('cost');
      const put = await call(t.baseUrl, 'PUT', `/v1/campaigns/${top[0]}/cost`, {
        token,
        body: { cost: 50, currency: 'EUR' },
      });
      expect(put.status).toBe(200);
      const res = await get(`/v1/revenue?from=${from}&to=${to}`);
      const row = res.body.campaigns.find((c: Row) => c.campaignId === top[0]);
      expect(row.cost).toBe(50);
      expect(row.roi).toBeCloseTo((top[1].revenue - 50) / 50, 6);
      expect(
        (
          await call(t.baseUrl, 'PUT', '/v1/campaigns/nope/cost', {
            token,
            body: { cost: 5, currency: 'EUR' },
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('GET /v1/deliverability', () => {
    it('sums bounces by class and domain and judges the complaint rate as the raw events do', async () => {
      const from = new Date(end.getTime() - 5 * DAY_MS).toISOString();
      const to = new Date(end.getTime() + 60_000).toISOString();
      const res = await get(
        `/v1/deliverability?from=${from}&to=${to}&minVolume=100`,
      );
      expect(res.status).toBe(200);
      const [e] = await raw(
        `SELECT count(*) FILTER (WHERE type = 'email.sent')::int AS sent, count(*) FILTER (WHERE type = 'email.delivered')::int AS delivered,
                count(*) FILTER (WHERE type = 'email.complained')::int AS complaints,
                count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'hard')::int AS hard,
                count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'soft')::int AS soft,
                count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'block')::int AS block
         FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
        [from, to],
      );
      const b = res.body;
      expect([
        b.sent,
        b.delivered,
        b.complaints,
        b.bounces.hard,
        b.bounces.soft,
        b.bounces.block,
      ]).toEqual([
        e!['sent'],
        e!['delivered'],
        e!['complaints'],
        e!['hard'],
        e!['soft'],
        e!['block'],
      ]);
      const rate = e!['complaints'] / e!['delivered'];
      expect(b.gmail.complaintRate).toBeCloseTo(rate, 12);
      expect(b.gmail.status).toBe(
        rate >= 0.003 ? 'critical' : rate >= 0.001 ? 'warn' : 'ok',
      );
      const perDomain = await raw(
        `SELECT recipient_domain AS domain, count(*)::int AS bounces FROM events WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1`,
        [from, to],
      );
      for (const d of perDomain) {
        const got = b.domains.find((x: Row) => x.domain === d['domain']);
        expect([
          d['domain'],
          got.bounces.hard + got.bounces.soft + got.bounces.block,
        ]).toEqual([d['domain'], d['bounces']]);
      }
      const tooFew = await get(
        `/v1/deliverability?from=${from}&to=${to}&minVolume=100000000`,
      );
      expect(tooFew.body.gmail.status).toBe('insufficient-volume');
    });
  });

  describe('GET /v1/events and GET /v1/dead-letters', () => {
    it("pages through a campaign's clicks newest first, each once", async () => {
      const campaign = campaignIds[0]!;
      const from = new Date(end.getTime() - 4 * DAY_MS).toISOString();
      const ids: string[] = [];
      const times: number[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res: CallResult = await get(
          `/v1/events?type=email.clicked&campaignId=${campaign}&from=${from}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((e: Row) => e.id));
        times.push(...res.body.items.map((e: Row) => Date.parse(e.occurredAt)));
        cursor = res.body.nextCursor;
      }
      const rows = await raw(
        `SELECT id FROM events WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'email.clicked' AND occurred_at >= $3`,
        [campaign, from],
      );
      expect(ids.slice().sort()).toEqual(rows.map((r) => r['id']).sort());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect((await get('/v1/events?type=email.nope')).body.error.field).toBe(
        'type',
      );
      expect(
        (await get('/v1/events', otherKey)).body.items.every(
          (e: Row) => e.campaignId === 'only-in-other-workspace',
        ),
      ).toBe(true);
    });

    it('lists the rejected payloads with their reason', async () => {
      const res = await get('/v1/dead-letters');
      expect(res.status).toBe(200);
      const [n] = await raw(
        `SELECT count(*)::int AS n FROM dead_letters WHERE workspace_id = $1`,
      );
      expect(res.body.items.length).toBe(n!['n']);
      expect(
        res.body.items.some(
          (d: Row) =>
            /bounceClass/.test(d.reason) || /bounceClass/.test(d.field ?? ''),
        ),
      ).toBe(true);
      expect((await get('/v1/dead-letters', otherKey)).body.items).toEqual([]);
    });
  });

  describe('GET /v1/contacts', () => {
    it("gives one contact's journey: every event, oldest first", async () => {
      const [c] = await raw(
        `SELECT contact_email, count(*)::int AS n FROM events WHERE workspace_id = $1 AND type = 'conversion' AND contact_email IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      );
      const [all] = await raw(
        `SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND contact_email = $2`,
        [c!['contact_email']],
      );
      const res = await get(
        `/v1/contacts/journey?email=${encodeURIComponent(c!['contact_email'])}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBe(all!['n']);
      expect(res.body.events.map((e: Row) => e.family)).toContain('conversion');
      const times = res.body.events.map((e: Row) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((a: number, b: number) => a - b));
      expect(
        (await get('/v1/contacts/journey?email=nobody@example.test')).status,
      ).toBe(404);
      expect((await get('/v1/contacts/journey')).status).toBe(400);
    });

    it('counts new and activated contacts per day as the raw events do', async () => {
      const toDay = end.toISOString().slice(0, 10);
      const fromDay = new Date(end.getTime() - 3 * DAY_MS)
        .toISOString()
        .slice(0, 10);
      const res = await get(
        `/v1/contacts/lifecycle?from=${fromDay}&to=${toDay}`,
      );
      expect(res.status).toBe(200);
      const rows = await raw(
        `WITH c AS (
           SELECT coalesce(contact_email, contact_external_id) AS contact, min(occurred_at) AS seen,
                  min(occurred_at) FILTER (WHERE (type IN ('email.opened', 'email.clicked') AND verdict <> 'machine') OR type IN ('email.replied', 'conversion') OR type LIKE 'user.%') AS activated
           FROM events WHERE workspace_id = $1 AND coalesce(contact_email, contact_external_id) IS NOT NULL GROUP BY 1)
         SELECT to_char(d, 'YYYY-MM-DD') AS day,
                (SELECT count(*) FROM c WHERE c.seen::date = d::date)::int AS new,
                (SELECT count(*) FROM c WHERE c.activated::date = d::date)::int AS activated
         FROM generate_series($2::date, $3::date, '1 day') d ORDER BY 1`,
        [fromDay, toDay],
      );
      expect(
        res.body.days.map((d: Row) => [d.day, d.new, d.activated]),
      ).toEqual(rows.map((r) => [r['day'], r['new'], r['activated']]));
      // Three days of history: nobody can have been silent for 15 days yet.
      expect(res.body.days.every((d: Row) => d.inactive === 0)).toBe(true);
      expect(
        (await get('/v1/contacts/lifecycle?from=2026-11-10&to=2026-11-01')).body
          .error.field,
      ).toBe('from');
    });
  });
});
