/**
 * The simulator's command line: `npm run simulate -- --help`.
 * Backfills history to files and/or a running API, or streams live traffic to it.
 */
import type { IngestEvent } from '@mailpulse/contracts';
import { parseCliOptions, USAGE, type CliOptions } from './cli/cli-options';
import { IngestClient, type IngestTotals } from './cli/ingest-client';
import { OutputFiles } from './cli/output-files';
import { createLiveSimulator } from './live-simulator';
import { simulate } from './simulate';

const LIVE_TICK_MS = 250;
const STATUS_EVERY_MS = 5000;

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv, process.env);
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`,
    );
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.live) await streamLive(options);
  else await backfill(options);
  return 0;
}

async function backfill(options: CliOptions): Promise<void> {
  const startedAt = performance.now();
  const run = simulate({
    seed: options.seed,
    days: options.days,
    end: options.end,
    contacts: options.contacts,
    campaignsPerWeek: options.campaignsPerWeek,
    duplicateRate: options.duplicateRate,
    outOfOrderRate: options.outOfOrderRate,
    anomalies: options.anomalies,
    idPrefix: options.idPrefix,
  });
  const files =
    options.out === undefined ? undefined : await OutputFiles.open(options.out);
  const client =
    options.target === undefined
      ? undefined
      : new IngestClient({
          target: options.target,
          key: options.key,
          concurrency: options.concurrency,
        });
  let batch: IngestEvent[] = [];
  let emitted = 0;
  let lastStatus = performance.now();
  for (const { event, truth } of run) {
    emitted++;
    if (files !== undefined) {
      files.addEvent(
        JSON.stringify(event),
        event.id as string,
        truth.label,
        truth.duplicate,
      );
      await files.flushIfFull();
    }
    if (client !== undefined) {
      batch.push(event);
      if (batch.length >= options.batchSize) {
        await client.send(batch);
        batch = [];
      }
    }
    if (
      (emitted & 0xffff) === 0 &&
      performance.now() - lastStatus > STATUS_EVERY_MS
    ) {
      lastStatus = performance.now();
      process.stderr.write(
        `… ${emitted.toLocaleString('en')} events, up to ${event.occurredAt}\n`,
      );
    }
  }
  if (client !== undefined && batch.length > 0) await client.send(batch);
  await client?.drain();
  const truth = run.groundTruth();
  if (files !== undefined) await files.finish(truth, run.contacts());

  const seconds = (performance.now() - startedAt) / 1000;
  const { distinct, duplicates } = truth.events;
  console.log(
    `Simulated ${fmt(emitted)} events (${fmt(distinct)} distinct, ${fmt(duplicates)} duplicates) for ${fmt(truth.contactCount)} contacts, ` +
      `${truth.campaigns.length} campaigns, ${truth.anomalies.length} anomalies over ${options.days} days ` +
      `in ${seconds.toFixed(1)} s (${fmt(Math.round(emitted / seconds))} events/s)`,
  );
  if (options.out !== undefined)
    console.log(
      `Wrote events.ndjson, labels.ndjson and truth.json to ${options.out}`,
    );
  if (client !== undefined) printTotals(options.target ?? '', client.totals);
}

async function streamLive(options: CliOptions): Promise<void> {
  const live = createLiveSimulator({
    seed: options.seed,
    contacts: options.contacts,
    campaignsPerWeek: options.campaignsPerWeek,
    duplicateRate: options.duplicateRate,
    outOfOrderRate: options.outOfOrderRate,
    idPrefix: options.idPrefix,
  });
  const client = new IngestClient({
    target: options.target ?? '',
    key: options.key,
    concurrency: options.concurrency,
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const startedAt = Date.now();
  const deadline =
    options.durationSeconds === undefined
      ? Number.POSITIVE_INFINITY
      : startedAt + options.durationSeconds * 1000;
  console.log(
    `Streaming ~${options.rate} events/s to ${options.target}/v1/events${Number.isFinite(deadline) ? ` for ${options.durationSeconds} s` : ''}; Ctrl-C to stop`,
  );
  let produced = 0;
  let owed = 0;
  let lastTick = startedAt;
  let lastStatus = startedAt;
  while (!stopping && Date.now() < deadline) {
    const now = Date.now();
    // Never owe more than two seconds of traffic, so a slow API is not flooded when it recovers.
    owed = Math.min(
      owed + (options.rate * (now - lastTick)) / 1000,
      options.rate * 2,
    );
    lastTick = now;
    const count = Math.floor(owed);
    owed -= count;
    const events = live.next(new Date(now), count);
    produced += events.length;
    for (let i = 0; i < events.length; i += options.batchSize)
      await client.send(events.slice(i, i + options.batchSize));
    if (now - lastStatus >= STATUS_EVERY_MS) {
      lastStatus = now;
      const t = client.totals;
      process.stderr.write(
        `… ${fmt(produced)} events; accepted ${fmt(t.accepted)}, duplicates ${fmt(t.duplicates)}, rejected ${fmt(t.rejected)}\n`,
      );
    }
    await sleep(Math.max(0, LIVE_TICK_MS - (Date.now() - now)));
  }
  await client.drain();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  const seconds = (Date.now() - startedAt) / 1000;
  console.log(
    `Streamed ${fmt(produced)} events in ${seconds.toFixed(1)} s (${fmt(Math.round(produced / Math.max(seconds, 0.001)))} events/s)`,
  );
  printTotals(options.target ?? '', client.totals);
}

function printTotals(target: string, totals: IngestTotals): void {
  console.log(
    `Sent to ${target}: accepted ${fmt(totals.accepted)}, duplicates ${fmt(totals.duplicates)}, rejected ${fmt(totals.rejected)} ` +
      `(${fmt(totals.requests)} requests, ${fmt(totals.retries)} retries)`,
  );
  for (const reason of totals.sampleRejections)
    console.log(`  rejected ${reason}`);
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
