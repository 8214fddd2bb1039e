// `npm run bench` (analytics part): dashboard reads of the built server over a workspace holding 10 million raw
// events. The events (20 campaigns over 30 days, 3.6 million messages to 400,000 contacts on 8 domains, machine
// opens and scanner clicks, bounces, conversions) are generated in SQL straight into the bench database, and the
// rollups and message states are built from them with the same GROUP BYs ingestion maintains. Then the overview,
// the 7-day hourly time series and the detail of the largest campaign are each requested sequentially
// (after a warm-up) and their latency percentiles reported; target: p95 < 100 ms each.
// Writes bench-results/analytics.json. Alone: `npx nx build api && node scripts/bench/analytics-bench.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

// A database of its own (its name must contain "bench"), so this bench never drops another one's data mid-run.
// Scheduled jobs (nightly aggregates) would share the two cores with the reads being measured.
process.env.JOBS_SCHEDULER = 'off';
process.env.BENCH_DATABASE_URL ??=
  'postgres://postgres@127.0.0.1:5432/mailpulse_analytics_bench';
const { cli, DB_URL, PORT, recreateBenchDatabase, ROOT, startServer } =
  await import('./bench-server.mjs');

const MESSAGES = Number(process.env.BENCH_ANALYTICS_MESSAGES ?? 3_600_000);
const CAMPAIGNS = 20;
const CONTACTS = 400_000;
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 200);
const WARMUP = 20;
const DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'example.com',
  'corp.example',
  'mail.example',
];
const DAY_MS = 86_400_000;

const stop = (child) =>
  new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', r);
    child.kill('SIGTERM');
  });

/**
 * One campaign's messages [first, last] and their events. Each message draws its fate from hashes of its number:
 * 3 % bounce (hard/soft/block), 35 % of the delivered get an Apple MPP pre-fetch open, 30 % a human open (spread
 * over 48 h; 30 % of those a second one), 25 % of human openers click, 5 % of messages a scanner click, 10 % of
 * clickers convert, about 0.1 % complain and 0.5 % unsubscribe. Events later than now are left out.
 */
const EVENTS_SQL = `
WITH m AS (
  SELECT n, $2::text AS campaign, $3::timestamptz + ((n - $4) % 7200) * interval '1 second' AS t0,
         'u' || (n % ${CONTACTS}) || '@' || ($6::text[])[(n % ${CONTACTS}) % ${DOMAINS.length} + 1] AS email,
         ($6::text[])[(n % ${CONTACTS}) % ${DOMAINS.length} + 1] AS domain,
         CASE WHEN $7 THEN CASE WHEN n % 2 = 0 THEN 'A' ELSE 'B' END END AS variant,
         'https://shop.example.com/p' || (n % 5) AS url,
         (abs(hashint8(n * 8 + 1)) % 1000000) / 1e6 AS r1, (abs(hashint8(n * 8 + 2)) % 1000000) / 1e6 AS r2,
         (abs(hashint8(n * 8 + 3)) % 1000000) / 1e6 AS r3, (abs(hashint8(n * 8 + 4)) % 1000000) / 1e6 AS r4,
         (abs(hashint8(n * 8 + 5)) % 1000000) / 1e6 AS r5, (abs(hashint8(n * 8 + 6)) % 1000000) / 1e6 AS r6
  FROM generate_series($4::bigint, $5::bigint) n
)
INSERT INTO events (workspace_id, id, type, occurred_at, received_at, campaign_id, message_id, contact_email, recipient_domain,
                    variant, verdict, amount, properties)
SELECT $1, 'b' || m.n || '-' || e.k, e.type, e.at, e.at, m.campaign, 'm' || m.n, m.email, m.domain, m.variant, e.verdict, e.amount, e.props
FROM m CROSS JOIN LATERAL (VALUES
  (0, 'email.sent', m.t0, 'unknown', NULL::numeric, '{}'::jsonb, true),
  (1, 'email.delivered', m.t0 + interval '5 seconds', 'unknown', NULL, '{}', m.r1 >= 0.03),
  (2, 'email.bounced', m.t0 + interval '5 seconds', 'unknown', NULL,
      jsonb_build_object('bounceClass', CASE WHEN m.r2 < 0.5 THEN 'hard' WHEN m.r2 < 0.8 THEN 'soft' ELSE 'block' END), m.r1 < 0.03),
  (3, 'email.opened', m.t0 + interval '12 seconds', 'machine', NULL, '{}', m.r1 >= 0.03 AND m.r3 < 0.35),
  (4, 'email.opened', m.t0 + m.r4 * interval '48 hours', 'human', NULL, '{}', m.r1 >= 0.03 AND m.r5 < 0.30),
  (5, 'email.opened', m.t0 + m.r4 * interval '48 hours' + interval '3 hours', 'human', NULL, '{}', m.r1 >= 0.03 AND m.r5 < 0.09),
  (6, 'email.clicked', m.t0 + m.r4 * interval '48 hours' + interval '1 minute', 'human', NULL, jsonb_build_object('url', m.url), m.r1 >= 0.03 AND m.r5 < 0.075),
  (7, 'email.clicked', m.t0 + interval '9 seconds', 'machine', NULL, jsonb_build_object('url', m.url), m.r1 >= 0.03 AND m.r6 < 0.05),
  (8, 'conversion', m.t0 + m.r4 * interval '48 hours' + interval '13 minutes', 'unknown', round((20 + m.r3 * 180)::numeric, 2),
      jsonb_build_object('amount', round((20 + m.r3 * 180)::numeric, 2), 'currency', 'EUR'), m.r1 >= 0.03 AND m.r5 < 0.0075),
  (9, 'email.complained', m.t0 + m.r4 * interval '48 hours' + interval '2 minutes', 'unknown', NULL, '{}', m.r1 >= 0.03 AND m.r6 >= 0.99 AND m.r6 < 0.991),
  (10, 'email.unsubscribed', m.t0 + m.r4 * interval '48 hours' + interval '3 minutes', 'unknown', NULL, '{}', m.r1 >= 0.03 AND m.r6 >= 0.95 AND m.r6 < 0.955)
) AS e(k, type, at, verdict, amount, props, keep)
WHERE e.keep AND e.at < now()`;

const ROLLUP_SQL = (table, grain, source) => `
INSERT INTO ${table} (workspace_id, bucket, campaign_id, type, variant, recipient_domain, verdict, count, amount)
SELECT workspace_id, date_trunc('${grain}', bucket), campaign_id, type, variant, recipient_domain, verdict, sum(count), sum(amount)
FROM ${source} WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/** The same merge ingestion applies per group, here over every event of the workspace at once. */
const MESSAGE_STATES_SQL = `
INSERT INTO message_states (workspace_id, message_id, campaign_id, variant, contact_email, recipient_domain, sent_at,
  first_delivered_at, last_delivered_at, last_bounced_at, bounce_class, first_open_at, first_human_open_at, first_click_at,
  first_human_click_at, complained_at, unsubscribed_at, open_count, click_count, last_event_at)
SELECT workspace_id, message_id, max(campaign_id), max(variant), max(contact_email), max(recipient_domain),
  min(occurred_at) FILTER (WHERE type = 'email.sent'),
  min(occurred_at) FILTER (WHERE type = 'email.delivered'), max(occurred_at) FILTER (WHERE type = 'email.delivered'),
  max(occurred_at) FILTER (WHERE type = 'email.bounced'),
  (array_agg(properties->>'bounceClass' ORDER BY occurred_at DESC) FILTER (WHERE type = 'email.bounced'))[1],
  min(occurred_at) FILTER (WHERE type = 'email.opened'), min(occurred_at) FILTER (WHERE type = 'email.opened' AND verdict <> 'machine'),
  min(occurred_at) FILTER (WHERE type = 'email.clicked'), min(occurred_at) FILTER (WHERE type = 'email.clicked' AND verdict <> 'machine'),
  min(occurred_at) FILTER (WHERE type = 'email.complained'), min(occurred_at) FILTER (WHERE type = 'email.unsubscribed'),
  count(*) FILTER (WHERE type = 'email.opened'), count(*) FILTER (WHERE type = 'email.clicked'), max(occurred_at)
FROM events WHERE workspace_id = $1 AND message_id IS NOT NULL AND type LIKE 'email.%' GROUP BY workspace_id, message_id`;

async function generate(workspaceId, now) {
  const pool = new pg.Pool({
    connectionString: DB_URL,
    max: 2,
    options: '-c timezone=UTC -c work_mem=256MB -c maintenance_work_mem=512MB',
  });
  const started = performance.now();
  const firstDay = Math.floor((now - 31 * DAY_MS) / DAY_MS) * DAY_MS;
  for (let d = firstDay; d <= now + DAY_MS; d += DAY_MS)
    await pool.query('SELECT ensure_event_partition($1::date)', [
      new Date(d).toISOString().slice(0, 10),
    ]);

  const perCampaign = Math.floor(MESSAGES / CAMPAIGNS);
  const campaigns = Array.from({ length: CAMPAIGNS }, (_, c) => ({
    id: `bench-campaign-${String(c + 1).padStart(2, '0')}`,
    start: new Date(now - 30 * DAY_MS + c * 1.5 * DAY_MS),
    first: c * perCampaign,
    last: (c + 1) * perCampaign - 1,
    ab: c % 2 === 0,
  }));
  // Two connections, one per core, each taking the next campaign.
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      for (let c = next++; c < campaigns.length; c = next++) {
        const k = campaigns[c];
        await pool.query(EVENTS_SQL, [
          workspaceId,
          k.id,
          k.start,
          k.first,
          k.last,
          DOMAINS,
          k.ab,
        ]);
        await pool.query(
          `INSERT INTO events (workspace_id, id, type, occurred_at, received_at, campaign_id, verdict, properties)
           VALUES ($1, $2 || '-created', 'campaign.created', $3, $3, $2, 'unknown', jsonb_build_object('name', 'Campaign ' || $4::text))`,
          [workspaceId, k.id, new Date(k.start.getTime() - 3_600_000), c + 1],
        );
        process.stdout.write('.');
      }
    }),
  );
  process.stdout.write('\n');
  const loadedMs = performance.now() - started;
  await pool.query(
    `INSERT INTO rollups_minute (workspace_id, bucket, campaign_id, type, variant, recipient_domain, verdict, count, amount)
     SELECT workspace_id, date_trunc('minute', occurred_at), coalesce(campaign_id, ''), type, coalesce(variant, ''), coalesce(recipient_domain, ''), verdict,
            count(*), coalesce(sum(amount), 0)
     FROM events WHERE workspace_id = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    [workspaceId],
  );
  await pool.query(ROLLUP_SQL('rollups_hour', 'hour', 'rollups_minute'), [
    workspaceId,
  ]);
  await pool.query(ROLLUP_SQL('rollups_day', 'day', 'rollups_hour'), [
    workspaceId,
  ]);
  await pool.query(MESSAGE_STATES_SQL, [workspaceId]);
  await pool.query(
    'VACUUM ANALYZE events, rollups_minute, rollups_hour, rollups_day, message_states',
  );
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM events WHERE workspace_id = $1)::bigint AS events, (SELECT count(*) FROM message_states WHERE workspace_id = $1)::bigint AS messages,
            (SELECT count(*) FROM rollups_minute WHERE workspace_id = $1)::bigint AS minute_rows, (SELECT count(*) FROM rollups_hour WHERE workspace_id = $1)::bigint AS hour_rows`,
    [workspaceId],
  );
  await pool.end();
  return {
    ...rows[0],
    loadSeconds: loadedMs / 1000,
    totalSeconds: (performance.now() - started) / 1000,
    largestCampaign: campaigns[campaigns.length - 2].id,
  };
}

function percentile(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function measure(name, path, key, requests = REQUESTS, warmup = WARMUP) {
  const url = `http://127.0.0.1:${PORT}${path}`;
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200)
      throw new Error(`${name}: ${res.status} ${body.slice(0, 300)}`);
    return { ms, bytes: body.length };
  };
  for (let i = 0; i < warmup; i++) await once();
  const times = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const r = await once();
    times.push(r.ms);
    bytes = r.bytes;
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
  return {
    name,
    path,
    requests,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    bytes,
  };
}

/**
 * BENCH_ANALYTICS_REUSE=1 measures again over the data of the previous run (generating it takes minutes): a new
 * read key is created and moved to the workspace that holds the data.
 */
async function reuseData() {
  const pool = new pg.Pool({ connectionString: DB_URL, max: 1 });
  const { rows } = await pool.query(
    `SELECT workspace_id, count(*)::bigint AS messages, (SELECT count(*) FROM events e WHERE e.workspace_id = m.workspace_id)::bigint AS events
     FROM message_states m GROUP BY workspace_id ORDER BY 2 DESC LIMIT 1`,
  );
  const ws = JSON.parse(
    cli([
      'workspace:create',
      '--name',
      `analytics-bench-reader-${Date.now().toString(36)}`,
      '--json',
    ]),
  );
  await pool.query(
    'UPDATE api_keys SET workspace_id = $1 WHERE workspace_id = $2',
    [rows[0].workspace_id, ws.workspaceId],
  );
  await pool.end();
  return {
    ws,
    data: {
      events: rows[0].events,
      messages: rows[0].messages,
      reused: true,
      largestCampaign: `bench-campaign-${CAMPAIGNS - 1}`,
    },
  };
}

async function main() {
  let ws;
  let data;
  if (process.env.BENCH_ANALYTICS_REUSE === '1') {
    ({ ws, data } = await reuseData());
  } else {
    await recreateBenchDatabase();
    cli(['db:migrate']);
    ws = JSON.parse(
      cli([
        'workspace:create',
        '--name',
        `analytics-bench-${Date.now().toString(36)}`,
        '--json',
      ]),
    );
    console.log(
      `generating ${MESSAGES.toLocaleString('en')} messages' events in SQL`,
    );
    data = await generate(ws.workspaceId, Date.now());
    console.log(
      `${Number(data.events).toLocaleString('en')} events, ${Number(data.messages).toLocaleString('en')} messages; loaded in ${data.loadSeconds.toFixed(0)} s, rollups and states in ${(data.totalSeconds - data.loadSeconds).toFixed(0)} s`,
    );
  }

  const server = await startServer();
  const results = [];
  try {
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const from = new Date(to.getTime() - 7 * DAY_MS);
    results.push(await measure('overview', '/v1/overview', ws.readKey));
    results.push(
      await measure(
        'time series, 7 days hourly',
        `/v1/timeseries?metric=opens&bucket=hour&from=${from.toISOString()}&to=${to.toISOString()}`,
        ws.readKey,
      ),
    );
    results.push(
      await measure(
        'campaign detail',
        `/v1/campaigns/${data.largestCampaign}`,
        ws.readKey,
      ),
    );
  } finally {
    await stop(server);
  }
  // The same campaign detail with the per-campaign aggregate recomputed on every request (cache off).
  process.env.ANALYTICS_CAMPAIGN_CACHE_SECONDS = '0';
  const coldServer = await startServer();
  try {
    results.push(
      await measure(
        'campaign detail, aggregate not kept (ANALYTICS_CAMPAIGN_CACHE_SECONDS=0)',
        `/v1/campaigns/${data.largestCampaign}`,
        ws.readKey,
        20,
        2,
      ),
    );
  } finally {
    await stop(coldServer);
  }

  console.log(
    `\nDashboard reads over ${Number(data.events).toLocaleString('en')} raw events, ${REQUESTS} sequential requests each after ${WARMUP} warm-up:`,
  );
  console.log('| read | p50 | p95 | p99 | max | target p95 < 100 ms |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of results)
    console.log(
      `| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.p95 < 100 ? 'met' : 'NOT met'} |`,
    );
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench-results/analytics.json'),
    JSON.stringify({ at: new Date().toISOString(), data, results }, null, 2),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
