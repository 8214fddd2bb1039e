// `npm run bench` (second part): the open pixel and click redirect of the built server under concurrent keep-alive
// clients (autocannon), measured in turn with a static baseline serving the same GIF — nginx when it is
// installed, else a bare node:http server — in rounds, with one API process and with one per core (API_WORKERS). Every
// Mailpulse hit is verified and durable (synced to the tracking journal, stored in PostgreSQL right after) before
// it is answered. Prints a table and writes bench-results/tracking.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parse } from 'parse5';
import pg from 'pg';
import { cli, DB_URL, PORT, recreateBenchDatabase, ROOT, startServer } from './bench-server.mjs';

const CONNECTIONS = Number(process.env.BENCH_TRACKING_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_TRACKING_SECONDS ?? 6);
const MESSAGES = Number(process.env.BENCH_TRACKING_MESSAGES ?? 500);
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 3918);
const NGINX = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_CACHE = 'no-store, no-cache, must-revalidate, max-age=0, private';
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const run = `t${Date.now().toString(36)}`;

const stop = (child, signal = 'SIGTERM') =>
  new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', r);
    child.kill(signal);
  });

function waitForPort(port) {
  return new Promise((resolveWait, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolveWait();
      });
      socket.once('error', () => (Date.now() > deadline ? reject(new Error(`nothing listens on ${port}`)) : setTimeout(attempt, 50)));
    };
    attempt();
  });
}

function elements(node) {
  const children = (node.childNodes ?? []).filter((c) => c.tagName);
  return children.flatMap((c) => [c, ...elements(c)]);
}

/** Prepares messages through the API (as a sender would) and returns their pixel and click URLs. */
async function trackedLinks(ingestKey) {
  const pixels = [];
  const clicks = [];
  for (let i = 0; i < MESSAGES; i++) {
    const res = await fetch(`http://127.0.0.1:${PORT}/v1/messages/prepare`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify({
        html: `<html><body><p>Hello</p><a href="https://shop.example.com/spring?item=${i}&amp;utm_source=mail">Shop</a></body></html>`,
        messageId: `${run}-m${i}`,
        campaignId: `camp-${i % 8}`,
        contact: { email: `person${i}@example.com` },
        variant: i % 2 ? 'A' : 'B',
      }),
    });
    if (res.status !== 200) throw new Error(`prepare answered ${res.status}: ${await res.text()}`);
    const all = elements(parse((await res.json()).html));
    const attr = (tag, name) => new URL(all.find((e) => e.tagName === tag).attrs.find((a) => a.name === name).value);
    pixels.push(attr('img', 'src').pathname);
    clicks.push(attr('a', 'href').pathname);
  }
  return { pixels, clicks };
}

/** The baseline: nginx serving the same GIF with the same headers, one worker per core; else node:http. */
async function startBaseline() {
  const dir = mkdtempSync(join(tmpdir(), 'mailpulse-bench-nginx-'));
  writeFileSync(join(dir, 'pixel.gif'), GIF);
  const hasNginx = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).status === 0;
  if (hasNginx) {
    const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace(/^nginx version: /, '');
    const conf = `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${BASELINE_PORT};
    root ${dir};
    location /t/o/ {
      default_type image/gif;
      add_header Cache-Control "${NO_CACHE}";
      add_header Pragma no-cache;
      add_header Expires 0;
      try_files /pixel.gif =404;
    }
  }
}
`;
    writeFileSync(join(dir, 'nginx.conf'), conf);
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForPort(BASELINE_PORT);
    return { name: `nginx ${version}, ${cpus().length} workers, static file`, pid: child.pid, close: async () => (await stop(child, 'SIGQUIT'), rmSync(dir, { recursive: true, force: true })) };
  }
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'image/gif', 'content-length': GIF.length, 'cache-control': NO_CACHE, pragma: 'no-cache', expires: '0' });
    res.end(GIF);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(BASELINE_PORT, '127.0.0.1', r));
  // In this process: its CPU shows under the load generator.
  return { name: `node:http ${process.version} (nginx not installed)`, pid: 0, close: async () => (await new Promise((r) => server.close(r)), rmSync(dir, { recursive: true, force: true })) };
}

/** CPU seconds (user + system) and parent of every process, from /proc (empty where there is none). */
function processTable() {
  const table = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return table;
  }
  for (const pid of pids) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // PostgreSQL names each process by its role: "postgres: 15/main: <user> <database> <client> …" for a
      // backend, "postgres: 15/main: walwriter" for the shared ones.
      const title = comm === 'postgres' ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() : '';
      table.set(pid, { comm, title, ppid: fields[1], cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // the process ended while being read
    }
  }
  return table;
}
const BENCH_DB = new URL(DB_URL).pathname.slice(1);
/** A PostgreSQL process that works for the benchmark: a backend of its database, or a shared background process. */
function isBenchPostgres(title) {
  const role = /^postgres: [^:]+: (.*)$/.exec(title)?.[1];
  if (role === undefined) return true; // the postmaster itself
  const words = role.split(' ');
  // A backend's title is "<user> <database> <client> <state>"; background processes have no client address.
  const isBackend = words.length >= 3 && /^(\[local\]|[\d.:a-f]+\(\d+\)|\S+\(\d+\))$/.test(words[2]);
  return isBackend ? words[1] === BENCH_DB : true;
}

/** Busy CPU seconds of the whole machine (all cores). */
function machineBusySeconds() {
  try {
    const t = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    return (t.reduce((a, b) => a + b, 0) - t[3] - t[4]) / 100;
  } catch {
    return 0;
  }
}
/** CPU used between two process tables by the processes `pick` selects (processes that ended are not counted). */
function cpuBetween(before, after, pick) {
  let sum = 0;
  for (const [pid, p] of after) if (pick(pid, p)) sum += p.cpu - (before.get(pid)?.cpu ?? 0);
  return sum;
}

/** Concurrent keep-alive clients hitting the given paths in turn for SECONDS; CPU per request by process. */
async function load(port, paths, { seconds = SECONDS, expectStatus, serverPid }) {
  const before = { procs: processTable(), machine: machineBusySeconds() };
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': UA },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const after = { procs: processTable(), machine: machineBusySeconds() };
  const ok = result[`${String(expectStatus)[0]}xx`];
  const me = String(process.pid);
  const server = String(serverPid);
  const used = {
    // the server process and its children (nginx's workers)
    server: cpuBetween(before.procs, after.procs, (pid, p) => pid === server || p.ppid === server),
    // Backends of the benchmark's database and PostgreSQL's shared processes (WAL writer, checkpointer, …), not
    // the backends other databases on the machine are using.
    postgres: cpuBetween(before.procs, after.procs, (_pid, p) => p.comm === 'postgres' && isBenchPostgres(p.title)),
    loadGenerator: cpuBetween(before.procs, after.procs, (pid) => pid === me),
  };
  const perRequest = (cpu) => Math.round((cpu * 1e6) / Math.max(1, result.requests.total));
  const measured = used.server + used.postgres + used.loadGenerator;
  return {
    requests: result.requests.total,
    ok,
    other: result.requests.total - ok,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    // CPU time per request (µs) of the server process, all PostgreSQL processes and this load generator, and
    // the machine's busy CPU not spent by them (other work on the machine during the run, in CPU seconds).
    cpuMicrosPerRequest: { server: perRequest(used.server), postgres: perRequest(used.postgres), loadGenerator: perRequest(used.loadGenerator) },
    otherCpuSeconds: Math.max(0, Math.round((after.machine - before.machine - measured) * 10) / 10),
  };
}

const WORKERS = Number(process.env.BENCH_TRACKING_WORKERS ?? cpus().length);
// The baseline, the pixel and the click are measured in turn, ROUNDS times: this machine's speed drifts by half
// within minutes (a neighbour on the host), so a ratio is taken between runs seconds apart, and the median of the
// rounds is reported.
const ROUNDS = Math.max(1, Number(process.env.BENCH_TRACKING_ROUNDS ?? 5));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  await recreateBenchDatabase();
  cli(['db:migrate']);
  const ws = JSON.parse(cli(['workspace:create', '--name', `tracking-bench-${run}`, '--json']));
  const baseline = await startBaseline();
  const pool = new pg.Pool({ connectionString: DB_URL, max: 1 });
  const count = async (type) => (await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1 AND type = $2', [ws.workspaceId, type])).rows[0].n;
  // Committed transactions of the database (PostgreSQL publishes them within a second): hits per group commit.
  const commits = async () => {
    await new Promise((r) => setTimeout(r, 1_500));
    return Number((await pool.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')).rows[0].xact_commit);
  };
  const withCommits = async (run) => {
    const before = await commits();
    const r = await run();
    return { ...r, hitsPerCommit: Math.round((r.requests / Math.max(1, (await commits()) - before)) * 10) / 10 };
  };
  /** Rounds of baseline, pixel and click against the server started with `env`; every answered hit must be stored. */
  const serverRuns = async (env, links) => {
    const server = await startServer(env);
    try {
      links ??= await trackedLinks(ws.ingestKey);
      // Warm-up (JIT, connection pools, key cache), then the measured rounds, against a fresh event count.
      await load(PORT, links.pixels, { seconds: 2, expectStatus: 200 });
      await load(BASELINE_PORT, links.pixels, { seconds: 2, expectStatus: 200 });
      const [opensBefore, clicksBefore] = [await count('email.opened'), await count('email.clicked')];
      const rounds = [];
      for (let i = 0; i < ROUNDS; i++) {
        const staticGif = await load(BASELINE_PORT, links.pixels, { expectStatus: 200, serverPid: baseline.pid });
        const pixel = await withCommits(() => load(PORT, links.pixels, { expectStatus: 200, serverPid: server.pid }));
        const click = await withCommits(() => load(PORT, links.clicks, { expectStatus: 302, serverPid: server.pid }));
        const ratios = { pixelVsBaseline: pixel.requestsPerSecond / staticGif.requestsPerSecond, clickVsBaseline: click.requestsPerSecond / staticGif.requestsPerSecond };
        rounds.push({ staticGif, pixel, click, ratios });
      }
      const answered = { opens: rounds.reduce((n, r) => n + r.pixel.ok, 0), clicks: rounds.reduce((n, r) => n + r.click.ok, 0) };
      // Hits are stored from the journal right after their answer: wait for the last of them.
      let stored;
      for (let i = 0; i < 100; i++) {
        stored = { opens: (await count('email.opened')) - opensBefore, clicks: (await count('email.clicked')) - clicksBefore };
        if (stored.opens >= answered.opens && stored.clicks >= answered.clicks) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return {
        links,
        rounds,
        // Every answered hit was durable (journal) before its answer; hits in flight when a run ended may be stored unanswered.
        stored: { ...stored, answeredOpens: answered.opens, answeredClicks: answered.clicks, everyAnsweredHitStored: stored.opens >= answered.opens && stored.clicks >= answered.clicks },
        ratios: { pixelVsBaseline: median(rounds.map((r) => r.ratios.pixelVsBaseline)), clickVsBaseline: median(rounds.map((r) => r.ratios.clickVsBaseline)) },
        p99Ms: { pixel: Math.max(...rounds.map((r) => r.pixel.p99Ms)), click: Math.max(...rounds.map((r) => r.click.p99Ms)) },
      };
    } finally {
      await stop(server);
    }
  };
  let single, perCore;
  try {
    // One API process, then one per core (API_WORKERS), as nginx runs one worker per core.
    single = await serverRuns({ API_WORKERS: '1' });
    if (WORKERS > 1) perCore = await serverRuns({ API_WORKERS: String(WORKERS) }, single.links);
  } finally {
    await pool.end();
    await baseline.close();
  }

  const summary = ({ links: _links, ...r }) => r;
  const result = {
    when: new Date().toISOString(),
    machine: { cores: cpus().length, node: process.version },
    settings: { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, messages: MESSAGES, loadGenerator: 'autocannon (keep-alive, one process on the same machine)' },
    baseline: baseline.name,
    singleProcess: summary(single),
    ...(perCore ? { perCore: { workers: WORKERS, ...summary(perCore) } } : {}),
    targets: { vsBaseline: 0.25, p99Ms: 50 },
  };
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const row = (name, r) => `    ${name.padEnd(26)} ${fmt(r.requestsPerSecond).padStart(8)} req/s   p50 ${String(r.p50Ms).padStart(3)} ms   p99 ${String(r.p99Ms).padStart(3)} ms   (${fmt(r.requests)} requests, ${r.other} unexpected, ${r.errors} errors)`;
  const cpu = (r) => `server ${r.cpuMicrosPerRequest.server} µs, PostgreSQL ${r.cpuMicrosPerRequest.postgres} µs, load generator ${r.cpuMicrosPerRequest.loadGenerator} µs`;
  console.log(`\nTracking benchmark (${CONNECTIONS} keep-alive connections, ${SECONDS} s per run, ${ROUNDS} rounds, ${MESSAGES} messages; baseline ${baseline.name})`);
  const report = (label, r) => {
    console.log(`  ${label}`);
    r.rounds.forEach((round, i) => {
      console.log(`   round ${i + 1}: pixel ${round.ratios.pixelVsBaseline.toFixed(2)} ×, click ${round.ratios.clickVsBaseline.toFixed(2)} × the baseline`);
      console.log(row('static GIF baseline', round.staticGif));
      console.log(row('open pixel', round.pixel));
      console.log(row('click redirect', round.click));
      console.log(`      CPU per request          pixel: ${cpu(round.pixel)}; click: ${cpu(round.click)}; other load on the machine: ${round.pixel.otherCpuSeconds} s, ${round.click.otherCpuSeconds} s`);
      console.log(`      hits per commit          pixel ${round.pixel.hitsPerCommit}, click ${round.click.hitsPerCommit}`);
    });
    console.log(`   median of the rounds       pixel ${r.ratios.pixelVsBaseline.toFixed(2)} ×, click ${r.ratios.clickVsBaseline.toFixed(2)} × the baseline; highest p99 pixel ${r.p99Ms.pixel} ms, click ${r.p99Ms.click} ms (targets ≥ 0.25 ×, p99 < 50 ms)`);
    console.log(`   stored                     ${fmt(r.stored.opens)} opens for ${fmt(r.stored.answeredOpens)} answered pixels, ${fmt(r.stored.clicks)} clicks for ${fmt(r.stored.answeredClicks)} answered redirects`);
  };
  report('1 process', single);
  if (perCore) report(`${WORKERS} processes`, perCore);
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-results/tracking.json'), JSON.stringify(result, null, 2) + '\n');
  if (!single.stored.everyAnsweredHitStored || (perCore && !perCore.stored.everyAnsweredHitStored)) throw new Error('fewer events stored than hits answered');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
