// `npm run bench` (exports part): GET /v1/exports/events.csv of the built server over one million raw events,
// against the baseline of the database writing the same rows as CSV itself (COPY … TO STDOUT, read by this script),
// in the same run. Reported: rows and bytes (checked equal to the database's count), the export's throughput as a
// ratio of COPY's, and the server's resident memory before and at its peak (VmHWM): streaming from a cursor keeps
// the peak growth to a few batches however many rows go out. The server runs with a 128 MB old-space heap, so an
// export that held its rows would fail rather than finish. Targets: the export at least 0.1× COPY's rows/s and the
// peak RSS growth under 150 MB (the million rows are 265 MB as CSV).
// Writes bench-results/exports.json. Alone: `npx nx build api && node scripts/bench/export-bench.mjs`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

process.env.JOBS_SCHEDULER = 'off';
// The server runs with a small heap: an export that kept its rows would run out of memory instead of finishing.
process.env.BENCH_NODE_FLAGS ??= '--max-old-space-size=128';
process.env.BENCH_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/mailpulse_export_bench';
const { cli, DB_URL, PORT, recreateBenchDatabase, ROOT, startServer } = await import('./bench-server.mjs');

const EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
const DAYS = 5;
const DAY_MS = 86_400_000;

const stop = (child) =>
  new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', r);
    child.kill('SIGTERM');
  });

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Events of every kind spread over the last DAYS days, generated in SQL straight into the table. */
async function generate(pool, workspaceId, end) {
  for (let d = 0; d <= DAYS; d++) await pool.query('SELECT ensure_event_partition($1::date)', [new Date(end - d * DAY_MS).toISOString().slice(0, 10)]);
  const started = Date.now();
  await pool.query(
    `INSERT INTO events (workspace_id, id, type, occurred_at, received_at, campaign_id, message_id, contact_email, recipient_domain, variant, verdict, client, os, device, properties)
     SELECT $1, 'ev-' || n, (ARRAY['email.sent','email.delivered','email.opened','email.clicked','email.bounced','email.complained'])[1 + n % 6],
            to_timestamp($2 / 1000.0) - (n::double precision / $3) * interval '${DAYS} days', now(), 'campaign-' || (n % 20), 'm-' || (n / 6),
            'contact' || (n / 6 % 200000) || '@example.com', (ARRAY['gmail.com','yahoo.com','outlook.com','example.com'])[1 + n % 4],
            (ARRAY['A','B'])[1 + n % 2], CASE WHEN n % 6 IN (2, 3) THEN 'human' ELSE 'unknown' END, 'Apple Mail', 'macOS', 'desktop',
            jsonb_build_object('bounceClass', 'hard', 'reason', 'mailbox "unknown", see https://example.com/' || n)
     FROM generate_series(1, $3) AS n`,
    [workspaceId, end, EVENTS],
  );
  await pool.query('ANALYZE events');
  return (Date.now() - started) / 1000;
}

/** Downloads the export, counting rows (CRLF) and bytes as they arrive, sampling the server's memory meanwhile. */
async function download(path, key, pid) {
  const started = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryMb(pid).rss)), 100);
  try {
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, rows: lines - 1, sampledPeakRssMb: peakRss };
}

/** The baseline: the database writes the same columns as CSV (COPY TO STDOUT), read by this process. */
async function copyBaseline(pool, workspaceId, from, to) {
  const client = await pool.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = client.query(
      copyTo(
        `COPY (SELECT id, type, occurred_at, received_at, campaign_id, message_id, contact_email, contact_external_id, recipient_domain, variant,
                      verdict, amount, client, os, device, properties
               FROM events WHERE workspace_id = '${workspaceId}' AND occurred_at >= '${from.toISOString()}' AND occurred_at < '${to.toISOString()}'
               ORDER BY occurred_at, id) TO STDOUT WITH (FORMAT csv, HEADER true)`,
      ),
    );
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.length;
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
  } finally {
    client.release();
  }
}

async function main() {
  await recreateBenchDatabase();
  cli(['db:migrate']);
  const ws = JSON.parse(cli(['workspace:create', '--name', `export-bench-${Date.now().toString(36)}`, '--json']));
  const pool = new pg.Pool({ connectionString: DB_URL, max: 2 });
  const end = Date.now() - 60_000;
  console.log(`generating ${EVENTS.toLocaleString('en')} events in SQL`);
  const loadSeconds = await generate(pool, ws.workspaceId, end);
  const from = new Date(end - (DAYS + 1) * DAY_MS);
  const to = new Date(end + 60_000);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3', [ws.workspaceId, from, to]);

  const server = await startServer();
  let result;
  try {
    const before = memoryMb(server.pid);
    const baseline = await copyBaseline(pool, ws.workspaceId, from, to);
    const exported = await download(`/v1/exports/events.csv?from=${from.toISOString()}&to=${to.toISOString()}`, ws.readKey, server.pid);
    const after = memoryMb(server.pid);
    if (exported.rows !== rows[0].n) throw new Error(`the export has ${exported.rows} rows, the database ${rows[0].n}`);
    const exportRowsPerSecond = exported.rows / exported.seconds;
    const copyRowsPerSecond = rows[0].n / baseline.seconds;
    result = {
      events: rows[0].n,
      loadSeconds,
      export: { ...exported, rowsPerSecond: Math.round(exportRowsPerSecond), mbPerSecond: +(exported.bytes / 1e6 / exported.seconds).toFixed(1) },
      copyBaseline: { ...baseline, rowsPerSecond: Math.round(copyRowsPerSecond) },
      throughputRatio: +(exportRowsPerSecond / copyRowsPerSecond).toFixed(3),
      serverMemoryMb: { rssBefore: +before.rss.toFixed(1), peakBefore: +before.peak.toFixed(1), peakAfter: +after.peak.toFixed(1), peakGrowth: +(after.peak - before.peak).toFixed(1) },
      targets: { throughputRatioAtLeast: 0.1, peakGrowthMbUnder: 150 },
    };
    result.pass = result.throughputRatio >= 0.1 && result.serverMemoryMb.peakGrowth < 150;
  } finally {
    await stop(server);
    await pool.end();
  }
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/exports.json'), JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2));
  if (!result.pass) process.exitCode = 1;
}

await main();
