// `npm run bench` (live stream): event → client latency of the socket.io live stream while events are ingested at
// a steady rate (default 10,000 events/s). Two processes of the built API share PostgreSQL and Redis: events are
// posted to process A; one live client is connected to A and one to B (so B's figures include the hop through
// the Redis adapter). Prints a table and writes bench-results/realtime.json.
//
// Latency per request: from the moment its POST /v1/events starts to the first delta with which the client's
// summed event count covers every event posted up to and including that request (ingest, durable group commit,
// coalescing, Redis hop, socket). A request whose events are committed before an earlier request's waits for that
// one too, so this is an upper bound. Latency per delta: from the API's receipt of the oldest event in the delta
// to the client's receipt of the delta (the worst event of that delta). After a 3 s warm-up that is not measured.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { chunk, makeEvents } from './bench-events.mjs';
import { cli, DB_URL, PORT, recreateBenchDatabase, REDIS_URL, ROOT } from './bench-server.mjs';

const RATE = Number(process.env.BENCH_REALTIME_RATE ?? 10_000);
const SECONDS = Number(process.env.BENCH_REALTIME_SECONDS ?? 20);
const BATCH = Number(process.env.BENCH_REALTIME_BATCH ?? 500);
const FLUSH_MS = Number(process.env.BENCH_REALTIME_FLUSH_MS ?? 250);
const WARMUP_SECONDS = Number(process.env.BENCH_REALTIME_WARMUP_SECONDS ?? 3);
const TARGET_P95_MS = 1000;
const run = `r${Date.now().toString(36)}`;

function startApi(port) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: DB_URL, REDIS_URL, PORT: String(port), HOST: '127.0.0.1', MAILPULSE_DEMO: 'off', PROBE_INTERVAL_SECONDS: '0', LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', REALTIME_FLUSH_MS: String(FLUSH_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('MAILPULSE_READY')) resolve(child);
    });
    child.once('exit', (c) => reject(new Error(`server on ${port} exited ${c}: ${out}`)));
  });
}

const stop = (child) =>
  new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', r);
    child.kill('SIGTERM');
  });

/** A live client that records, per delta, when it arrived and the running event count. */
async function liveClient(port, readKey) {
  const socket = io(`http://127.0.0.1:${port}/live`, { transports: ['websocket'], auth: { token: readKey }, forceNew: true });
  const arrivals = [];
  let total = 0;
  socket.on('delta', (d) => {
    const at = Date.now();
    total += d.delta.events;
    arrivals.push({ at, total, oldestReceivedAt: Date.parse(d.delta.firstReceivedAt), events: d.delta.events });
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(10_000).emitWithAck('subscribe', {});
  if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack.error)}`);
  return { socket, arrivals, total: () => total };
}

/** Busy and total CPU jiffies of the whole machine (/proc/stat), to tell how loaded it was during the run. */
function machineCpu() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) };
}

/** Per request, the first delta whose running count covers everything posted up to that request. */
function requestLatencies(posts, arrivals) {
  const out = [];
  let j = 0;
  for (const p of posts) {
    while (j < arrivals.length && arrivals[j].total < p.cumulative) j++;
    if (j === arrivals.length) break;
    out.push(arrivals[j].at - p.startedAt);
  }
  return out;
}

function deltaRate(arrivals, from, to) {
  const perSecond = new Map();
  for (const a of arrivals) if (a.at >= from && a.at <= to) perSecond.set(Math.floor(a.at / 1000), (perSecond.get(Math.floor(a.at / 1000)) ?? 0) + 1);
  return { mean: arrivals.length / ((to - from) / 1000), max: Math.max(0, ...perSecond.values()) };
}

async function main() {
  await recreateBenchDatabase();
  cli(['db:migrate']);
  const ws = JSON.parse(cli(['workspace:create', '--name', `realtime-bench-${run}`, '--json']));
  const portA = PORT;
  const portB = PORT + 2;
  const a = await startApi(portA);
  const b = await startApi(portB);
  const clients = [];
  try {
    const onA = await liveClient(portA, ws.readKey);
    const onB = await liveClient(portB, ws.readKey);
    clients.push(onA, onB);

    /** Posts the bodies at RATE events/s (a request every BATCH/RATE seconds, not waiting for earlier answers). */
    async function drive(bodies, cumulativeBefore) {
      const interval = (BATCH / RATE) * 1000;
      const posts = [];
      const inFlight = new Set();
      let cumulative = cumulativeBefore;
      let accepted = 0;
      let failed = 0;
      const start = Date.now();
      for (let i = 0; i < bodies.length; i++) {
        const wait = start + i * interval - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        cumulative += bodies[i].size;
        const post = { startedAt: Date.now(), cumulative, ackMs: NaN };
        posts.push(post);
        const req = fetch(`http://127.0.0.1:${portA}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ingestKey}` }, body: bodies[i].body })
          .then(async (res) => {
            const json = await res.json();
            if (res.status !== 202) failed += bodies[i].size;
            else accepted += json.accepted;
            post.ackMs = Date.now() - post.startedAt;
          })
          .finally(() => inFlight.delete(req));
        inFlight.add(req);
      }
      await Promise.all(inFlight);
      return { posts, accepted, failed, start, sendSeconds: (Date.now() - start) / 1000 };
    }
    async function caughtUp(total) {
      const deadline = Date.now() + 15_000;
      while ((onA.total() < total || onB.total() < total) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    const toBodies = (events) => chunk(events, BATCH).map((batch) => ({ size: batch.length, body: JSON.stringify(batch) }));

    // Warm-up (JIT, partitions, connection pools), not measured.
    const warm = await drive(toBodies(makeEvents(`${run}w`, RATE * WARMUP_SECONDS)), 0);
    await caughtUp(warm.accepted);
    await new Promise((r) => setTimeout(r, 1_000));

    const count = RATE * SECONDS;
    const cpuBefore = machineCpu();
    const loadBefore = loadavg()[0];
    const { posts, accepted: measuredAccepted, failed, start, sendSeconds } = await drive(toBodies(makeEvents(run, count)), warm.accepted);
    const accepted = warm.accepted + measuredAccepted;
    await caughtUp(accepted);
    await new Promise((r) => setTimeout(r, 1_000));
    const end = Date.now();
    const cpuAfter = machineCpu();
    // Cores busy on average during the run (everything on the machine: both API processes, PostgreSQL, Redis, this
    // load generator and anything else running).
    const busyCores = cpuBefore && cpuAfter ? ((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * cpus().length : null;

    const side = (client) => ({
      eventsReceived: client.total() - warm.accepted,
      exact: client.total() === accepted,
      deltas: client.arrivals.filter((x) => x.at >= start).length,
      deltasPerSecond: deltaRate(client.arrivals.filter((x) => x.at >= start), start, end),
      perRequest: summarize(requestLatencies(posts, client.arrivals)),
      // What the stream adds once the request was acknowledged (its events committed).
      afterAck: summarize(requestLatencies(posts, client.arrivals).map((ms, i) => ms - posts[i].ackMs)),
      perDelta: summarize(client.arrivals.filter((x) => x.at >= start).map((x) => x.at - x.oldestReceivedAt)),
    });
    const result = {
      when: new Date().toISOString(),
      machine: { cores: cpus().length, node: process.version, busyCoresDuringRun: busyCores, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadavg()[0] },
      settings: { ratePerSecond: RATE, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, batch: BATCH, flushMs: FLUSH_MS },
      ingest: { posted: count, accepted: measuredAccepted, failed, achievedPerSecond: count / sendSeconds, ack: summarize(posts.map((p) => p.ackMs).filter(Number.isFinite)) },
      sameProcess: side(onA),
      otherProcess: side(onB),
      target: { p95Ms: TARGET_P95_MS },
    };
    result.met = result.sameProcess.perRequest.p95Ms < TARGET_P95_MS && result.otherProcess.perRequest.p95Ms < TARGET_P95_MS && result.sameProcess.exact && result.otherProcess.exact;

    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results/realtime.json'), JSON.stringify(result, null, 2) + '\n');
    const ms = (v) => `${Math.round(v)} ms`;
    console.log(`\nLive stream: ${count.toLocaleString('en')} events posted at ${Math.round(result.ingest.achievedPerSecond).toLocaleString('en')}/s to process A (target rate ${RATE.toLocaleString('en')}/s), ${measuredAccepted.toLocaleString('en')} accepted, ack p95 ${ms(result.ingest.ack.p95Ms)}; deltas every ≥ ${FLUSH_MS} ms per room`);
    console.log('| client on | events received | deltas/s (mean, max) | request → client p50 / p95 / p99 | after the ack p50 / p95 | API receipt → client p50 / p95 / p99 |');
    for (const [name, s] of [['A (ingesting)', result.sameProcess], ['B (via Redis)', result.otherProcess]]) {
      console.log(
        `| ${name} | ${s.eventsReceived.toLocaleString('en')}${s.exact ? ' (exact)' : ' (MISMATCH)'} | ${s.deltasPerSecond.mean.toFixed(1)}, ${s.deltasPerSecond.max} | ${ms(s.perRequest.p50Ms)} / ${ms(s.perRequest.p95Ms)} / ${ms(s.perRequest.p99Ms)} | ${ms(s.afterAck.p50Ms)} / ${ms(s.afterAck.p95Ms)} | ${ms(s.perDelta.p50Ms)} / ${ms(s.perDelta.p95Ms)} / ${ms(s.perDelta.p99Ms)} |`,
      );
    }
    console.log(`machine: ${busyCores === null ? '?' : busyCores.toFixed(2)} of ${cpus().length} cores busy during the run; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
    console.log(`target p95 < ${TARGET_P95_MS} ms with exact counts: ${result.met ? 'met' : 'NOT met'}`);
  } finally {
    for (const c of clients) c.socket.close();
    await Promise.all([stop(a), stop(b)]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
