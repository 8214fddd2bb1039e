#!/usr/bin/env node
// Mailpulse VPS agent: reports this machine's CPU, memory and disk use as `infra.vps` events.
// Dependency-free (Node 18.15+ on Linux): reads /proc/stat, /proc/meminfo, /proc/loadavg and statfs.
//
//   node scripts/vps-agent.mjs --url https://mailpulse.example.com --key mp_ingest_… [--host mta-1] [--interval 60] [--once]
//
// See docs/probes.md.
import { readFile, statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/vps-agent.mjs --url <mailpulse url> --key <ingest key> [options]

  --url <url>          Mailpulse base URL; events go to <url>/v1/events.
  --key <key>          The workspace's ingest key (or set MAILPULSE_INGEST_KEY).
  --host <name>        Name reported as the event's host (default: this machine's host name).
  --interval <sec>     Seconds between reports (default 60).
  --disk <path>        File system whose use is reported (default /).
  --once               Report once and exit: 0 when Mailpulse accepted it, 1 otherwise.
  --help               This text.
`;

const CPU_SAMPLE_MS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;

/** The aggregate `cpu` line of /proc/stat as busy and total jiffies (iowait counts as idle). */
function parseCpuTimes(procStat) {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** CPU use between two samples, in percent. */
function cpuPercent(before, after) {
  const total = after.total - before.total;
  return total > 0 ? clampPercent(((after.busy - before.busy) / total) * 100) : 0;
}

/** Memory in use (total less available) from /proc/meminfo, in percent. */
function memoryPercent(meminfo) {
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
  const total = kb('MemTotal');
  let available = kb('MemAvailable');
  if (Number.isNaN(available)) available = kb('MemFree') + (kb('Buffers') || 0) + (kb('Cached') || 0); // kernels before 3.14
  if (!(total > 0) || Number.isNaN(available)) throw new Error('no MemTotal/MemAvailable in /proc/meminfo');
  return clampPercent((1 - available / total) * 100);
}

/** Disk use as df shows it: used blocks over the blocks an unprivileged user could have. */
function diskPercent({ blocks, bfree, bavail }) {
  const used = blocks - bfree;
  return used + bavail > 0 ? clampPercent((used / (used + bavail)) * 100) : 0;
}

function parseLoadAverage(loadavg) {
  const [load1, load5, load15] = loadavg.trim().split(/\s+/).map(Number);
  return { load1, load5, load15 };
}

function clampPercent(value) {
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One reading. A source that cannot be read is left out; the event needs at least one percentage. */
async function measure(diskPath, previousCpu) {
  const reading = {};
  const problems = [];
  let cpu = previousCpu;
  try {
    // CPU use is a difference of two samples: the previous report's, or one taken a moment ago.
    let before = previousCpu;
    if (!before) {
      before = parseCpuTimes(await readFile('/proc/stat', 'utf8'));
      await sleep(CPU_SAMPLE_MS);
    }
    cpu = parseCpuTimes(await readFile('/proc/stat', 'utf8'));
    reading.cpuPercent = cpuPercent(before, cpu);
  } catch (err) {
    problems.push(`cpu: ${err.message}`);
  }
  try {
    reading.memoryPercent = memoryPercent(await readFile('/proc/meminfo', 'utf8'));
  } catch (err) {
    problems.push(`memory: ${err.message}`);
  }
  try {
    reading.diskPercent = diskPercent(await statfs(diskPath));
    reading.diskPath = diskPath;
  } catch (err) {
    problems.push(`disk: ${err.message}`);
  }
  try {
    Object.assign(reading, parseLoadAverage(await readFile('/proc/loadavg', 'utf8')));
  } catch {
    // the load average is extra information
  }
  return { reading, problems, cpu };
}

async function report(options, reading) {
  const event = { type: 'infra.vps', occurredAt: new Date().toISOString(), properties: { host: options.host, ...reading } };
  let res;
  try {
    res = await fetch(`${options.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`could not reach ${options.url}: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
  }
  const text = await res.text();
  if (res.status !== 202) throw new Error(`Mailpulse answered ${res.status}: ${text.slice(0, 500)}`);
  return event;
}

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      host: { type: 'string' },
      interval: { type: 'string', default: '60' },
      disk: { type: 'string', default: '/' },
      once: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const key = values.key ?? process.env.MAILPULSE_INGEST_KEY;
  if (!values.url || !/^https?:\/\/\S+$/.test(values.url)) throw new Error('--url must be the http(s) URL of Mailpulse');
  if (!key) throw new Error('--key (or MAILPULSE_INGEST_KEY) must be an ingest key');
  const interval = Number(values.interval);
  if (!Number.isFinite(interval) || interval < 1) throw new Error('--interval must be a number of seconds, at least 1');
  const host = (values.host ?? hostname()).trim();
  if (!host) throw new Error('--host must not be empty');
  return { url: values.url.replace(/\/+$/, ''), key, host, interval, disk: values.disk, once: values.once };
}

async function main(argv) {
  let options;
  try {
    options = readOptions(argv);
  } catch (err) {
    process.stderr.write(`vps-agent: ${err.message}\n\n${USAGE}`);
    return 64;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let cpu;
  for (;;) {
    const started = Date.now();
    const measured = await measure(options.disk, cpu);
    cpu = measured.cpu;
    for (const problem of measured.problems) process.stderr.write(`vps-agent: could not read ${problem}\n`);
    let ok = false;
    try {
      const event = await report(options, measured.reading);
      ok = true;
      process.stdout.write(`${JSON.stringify(event.properties)}\n`);
    } catch (err) {
      process.stderr.write(`vps-agent: ${err.message}\n`);
    }
    if (options.once) return ok ? 0 : 1;
    // Sleep out the interval in short steps so a signal ends the agent promptly.
    while (!stopping && Date.now() - started < options.interval * 1000) await sleep(Math.min(500, options.interval * 1000));
    if (stopping) return 0;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
