// `npm run bench`: ingestion throughput and ack latency over the full HTTP path, measured in the same run as
// (a) raw COPY of the same rows into the same table (the limit) and (b) a naive baseline (500-row multi-row
// INSERT plus one Redis INCR per event). Prints a table and writes bench-results/ingest.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { cli, DB_URL, PORT, recreateBenchDatabase, REDIS_URL, ROOT, startServer } from './bench-server.mjs';
import copyStreams from 'pg-copy-streams';
import Redis from 'ioredis';
import { chunk, makeEvents } from './bench-events.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const run = `b${Date.now().toString(36)}`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.replace(/\D+/g, '')) / 1024;
  } catch {
    return 0;
  }
}

/** The full path: HTTP → validate → enrich → group commit (events, rollups, message state) → Redis. */
async function benchHttp(bodies, key, pid) {
  let next = 0;
  const latencies = [];
  let accepted = 0;
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 100);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${PORT}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
        const json = await res.json();
        if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
        latencies.push(performance.now() - t);
        accepted += json.accepted;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return { events: accepted, seconds, eventsPerSecond: accepted / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), peakRssMb: Math.max(peakRss, rssMb(pid)) };
}

const copyEscape = (v) => (v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));

/** The same rows as the pipeline stores, enriched fields included, so COPY writes the same bytes per row. */
function toRow(workspaceId, e) {
  const email = e.contact.email;
  return [
    workspaceId, e.id, e.type, e.occurredAt, new Date().toISOString(), e.campaignId, e.messageId, email, null,
    email.slice(email.indexOf('@') + 1), e.properties.variant ?? null, e.type === 'email.opened' || e.type === 'email.clicked' ? 'human' : 'unknown',
    null, 'Mobile Safari', 'iOS', 'mobile', JSON.stringify(e.properties),
  ];
}
const COLUMNS = 'workspace_id, id, type, occurred_at, received_at, campaign_id, message_id, contact_email, contact_external_id, recipient_domain, variant, verdict, amount, client, os, device, properties';

/** (a) The limit: COPY of the same rows into the same partitioned table, two connections (one per core). */
async function benchCopy(events, workspaceId) {
  const pool = new pg.Pool({ connectionString: DB_URL, max: 2 });
  const batches = chunk(events, 10_000);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    [0, 1].map(async () => {
      const client = await pool.connect();
      try {
        while (next < batches.length) {
          const batch = batches[next++];
          const text = batch.map((e) => toRow(workspaceId, e).map(copyEscape).join('\t')).join('\n') + '\n';
          await pipeline(Readable.from([text]), client.query(copyStreams.from(`COPY events (${COLUMNS}) FROM STDIN`)));
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await pool.end();
  return { events: events.length, seconds, eventsPerSecond: events.length / seconds };
}

/** (b) The naive baseline: 500-row multi-row INSERTs and one Redis INCR round-trip per event. */
async function benchNaive(events, workspaceId) {
  const pool = new pg.Pool({ connectionString: DB_URL, max: 4 });
  const redis = new Redis(REDIS_URL);
  const batches = chunk(events, 500);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        const params = [];
        const tuples = batch.map((e) => {
          const row = toRow(workspaceId, e);
          const base = params.length;
          params.push(...row);
          return `(${row.map((_, i) => `$${base + i + 1}`).join(', ')})`;
        });
        await pool.query(`INSERT INTO events (${COLUMNS}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, params);
        for (const e of batch) await redis.incr(`bench:naive:${workspaceId}:${e.type}:${e.occurredAt.slice(0, 16)}`);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await pool.end();
  redis.disconnect();
  return { events: events.length, seconds, eventsPerSecond: events.length / seconds };
}

async function main() {
  await recreateBenchDatabase();
  cli(['db:migrate']);
  const ws = JSON.parse(cli(['workspace:create', '--name', `bench-${run}`, '--json']));
  const copyWs = JSON.parse(cli(['workspace:create', '--name', `bench-copy-${run}`, '--json']));
  const naiveWs = JSON.parse(cli(['workspace:create', '--name', `bench-naive-${run}`, '--json']));

  const events = makeEvents(run, EVENTS);
  const warmup = chunk(makeEvents(`${run}w`, 20_000), BATCH).map((b) => JSON.stringify(b));
  const bodies = chunk(events, BATCH).map((b) => JSON.stringify(b));

  const server = await startServer();
  let http;
  try {
    await benchHttp(warmup, ws.ingestKey, server.pid);
    http = await benchHttp(bodies, ws.ingestKey, server.pid);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (process.env.BENCH_ONLY_HTTP) {
    console.log(`full HTTP path ${Math.round(http.eventsPerSecond)} events/s, p50 ${http.p50Ms.toFixed(0)} ms, p99 ${http.p99Ms.toFixed(0)} ms, RSS ${Math.round(http.peakRssMb)} MB`);
    return;
  }
  const copy = await benchCopy(events, copyWs.workspaceId);
  const naive = await benchNaive(events, naiveWs.workspaceId);

  const result = {
    when: new Date().toISOString(),
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    settings: { events: EVENTS, batch: BATCH, clients: CLIENTS },
    http,
    copy,
    naive,
    ratios: { vsCopy: http.eventsPerSecond / copy.eventsPerSecond, vsNaive: http.eventsPerSecond / naive.eventsPerSecond },
    targets: { eventsPerSecond: 50_000, vsCopy: 0.5, vsNaive: 1.5, peakRssMb: 512 },
  };
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`\nIngestion benchmark (${EVENTS.toLocaleString('en-US')} events, batches of ${BATCH}, ${CLIENTS} clients)`);
  console.log(`  full HTTP path   ${fmt(http.eventsPerSecond)} events/s   ack p50 ${http.p50Ms.toFixed(1)} ms, p99 ${http.p99Ms.toFixed(1)} ms, peak RSS ${fmt(http.peakRssMb)} MB`);
  console.log(`  raw COPY         ${fmt(copy.eventsPerSecond)} events/s   (the limit)`);
  console.log(`  naive baseline   ${fmt(naive.eventsPerSecond)} events/s   (500-row INSERT + INCR per event)`);
  console.log(`  ratios           ${result.ratios.vsCopy.toFixed(2)} × COPY (target ≥ 0.5), ${result.ratios.vsNaive.toFixed(2)} × naive (target ≥ 1.5)`);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/ingest.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
