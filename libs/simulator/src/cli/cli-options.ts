import { parseArgs } from 'node:util';
import {
  defaultAnomalies,
  parseAnomaly,
  type AnomalySpec,
} from '../anomalies/anomaly';

export interface CliOptions {
  readonly seed: number;
  readonly days: number;
  readonly contacts: number | undefined;
  readonly end: Date;
  readonly campaignsPerWeek: number | undefined;
  readonly duplicateRate: number | undefined;
  readonly outOfOrderRate: number | undefined;
  readonly anomalies: AnomalySpec[];
  readonly idPrefix: string | undefined;
  readonly out: string | undefined;
  readonly target: string | undefined;
  readonly key: string | undefined;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly live: boolean;
  readonly rate: number;
  readonly durationSeconds: number | undefined;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run simulate -- [options]

Backfill (history ending now):
  --seed <n>                 world and events are reproducible by seed (default 1)
  --days <n>                 days of history (default 30)
  --contacts <n>             contacts in the workspace (default 10000; live: 20000)
  --end <iso date>           end of the history (default: now)
  --campaigns-per-week <n>   mean campaigns started per week (default 3)
  --duplicate-rate <0..1>    share of events sent twice with the same id (default 0.002)
  --out-of-order-rate <0..1> share of events emitted late (default 0.01)
  --anomalies default|none   inject the demo set of anomalies (default) or none
  --anomaly <spec>           add one: kind[:domain]@<hours before end>+<duration hours>,
                             e.g. bounce-spike:yahoo.com@120+6 (repeatable; replaces the default set)
  --id-prefix <text>         prefix of every generated id (default sim-<seed>)
  --out <dir>                write events.ndjson, labels.ndjson and truth.json there

Sending to a running API:
  --target <url>             POST batches to <url>/v1/events
  --key <key>                ingest key (default: $MAILPULSE_INGEST_KEY)
  --batch-size <n>           events per request, at most 5000 (default 5000)
  --concurrency <n>          requests in flight (default 4)

Live stream (needs --target):
  --live                     stream instead of backfilling, until Ctrl-C
  --rate <n>                 events per second (default 200)
  --duration <s>             stop after this many seconds

  --help                     show this text`;

/** Parses and checks the command line; a bad flag throws an Error whose message names it. */
export function parseCliOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      contacts: { type: 'string' },
      end: { type: 'string' },
      'campaigns-per-week': { type: 'string' },
      'duplicate-rate': { type: 'string' },
      'out-of-order-rate': { type: 'string' },
      anomalies: { type: 'string' },
      anomaly: { type: 'string', multiple: true },
      'id-prefix': { type: 'string' },
      out: { type: 'string' },
      target: { type: 'string' },
      key: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      live: { type: 'boolean' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  const end =
    values.end === undefined
      ? new Date(Math.floor(Date.now() / 60_000) * 60_000)
      : new Date(values.end);
  if (!Number.isFinite(end.getTime()))
    throw new Error(
      `--end "${values.end}" is not a date; use ISO 8601, e.g. 2026-03-01T00:00:00Z`,
    );
  const days = number('--days', values.days, 30);
  const anomalyMode = values.anomalies ?? 'default';
  if (anomalyMode !== 'default' && anomalyMode !== 'none')
    throw new Error(
      `--anomalies must be "default" or "none", got "${anomalyMode}"`,
    );
  const explicit = (values.anomaly ?? []).map((text) =>
    parseAnomaly(text, end),
  );
  const target = values.target?.replace(/\/+$/, '');
  if (target !== undefined && !/^https?:\/\/\S+$/.test(target))
    throw new Error(`--target must be an http(s) URL, got "${values.target}"`);
  const live = values.live ?? false;
  if (live && target === undefined)
    throw new Error('--live streams to an API: give --target <url>');
  if (
    !live &&
    values.out === undefined &&
    target === undefined &&
    values.help !== true
  ) {
    throw new Error('Nothing to do: give --out <dir>, --target <url>, or both');
  }
  const batchSize = number('--batch-size', values['batch-size'], 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000)
    throw new Error('--batch-size must be an integer from 1 to 5000');

  return {
    seed: number('--seed', values.seed, 1),
    days,
    contacts: optionalNumber('--contacts', values.contacts),
    end,
    campaignsPerWeek: optionalNumber(
      '--campaigns-per-week',
      values['campaigns-per-week'],
    ),
    duplicateRate: optionalNumber('--duplicate-rate', values['duplicate-rate']),
    outOfOrderRate: optionalNumber(
      '--out-of-order-rate',
      values['out-of-order-rate'],
    ),
    anomalies:
      explicit.length > 0
        ? explicit
        : anomalyMode === 'default'
          ? defaultAnomalies(end, days)
          : [],
    idPrefix: values['id-prefix'],
    out: values.out,
    target,
    key: values.key ?? env['MAILPULSE_INGEST_KEY'],
    batchSize,
    concurrency: positiveInt('--concurrency', values.concurrency, 4),
    live,
    rate: number('--rate', values.rate, 200),
    durationSeconds: optionalNumber('--duration', values.duration),
    help: values.help ?? false,
  };
}

function optionalNumber(
  flag: string,
  text: string | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new Error(`${flag} must be a non-negative number, got "${text}"`);
  return value;
}

function number(
  flag: string,
  text: string | undefined,
  fallback: number,
): number {
  return optionalNumber(flag, text) ?? fallback;
}

function positiveInt(
  flag: string,
  text: string | undefined,
  fallback: number,
): number {
  const value = number(flag, text, fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return value;
}
