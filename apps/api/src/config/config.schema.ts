import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const onOff = z.enum(['on', 'off']);

/**
 * Every environment variable Mailpulse reads, with its default and what it does.
 * The README's configuration table is written from this list; keep the two in step.
 */
export const configVariables = {
  PORT: { schema: port.default(3000), description: 'HTTP port for the API, the tracking endpoints and the web app.' },
  HOST: { schema: z.string().min(1).default('0.0.0.0'), description: 'Interface to listen on.' },
  PUBLIC_URL: { schema: z.url().optional(), description: 'URL printed at start and used in links; defaults to http://localhost:PORT.' },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    description: 'PostgreSQL connection URL. `npm start` starts an embedded PostgreSQL and sets this when it is unset.',
  },
  DATABASE_POOL_SIZE: { schema: positiveInt.default(10), description: 'Connections in the API\'s PostgreSQL pool.' },
  REDIS_URL: {
    schema: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
    description: 'Redis for live buckets. Unset: an in-process live store with the same interface.',
  },
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), description: 'Log level; logs are JSON lines when stdout is not a terminal.' },
  MAILPULSE_DATA_DIR: { schema: z.string().min(1).default('.data'), description: 'Local folder for embedded PostgreSQL data and the demo credentials (git-ignored).' },
  INGEST_MAX_BATCH: { schema: positiveInt.max(100_000).default(10_000), description: 'Most events one `POST /v1/events` may carry.' },
  INGEST_MAX_BODY_BYTES: { schema: positiveInt.default(16 * 1024 * 1024), description: 'Largest request body accepted, in bytes.' },
  INGEST_MAX_FUTURE_SECONDS: { schema: positiveInt.default(900), description: 'Events dated further than this in the future are rejected.' },
  INGEST_MAX_AGE_DAYS: { schema: positiveInt.default(400), description: 'Events older than this are rejected.' },
  GROUP_COMMIT_MAX_EVENTS: { schema: positiveInt.default(20_000), description: 'Most events one group commit writes in a single transaction.' },
  GROUP_COMMIT_MAX_QUEUED_EVENTS: {
    schema: positiveInt.default(200_000),
    description: 'Events that may wait for a group commit; beyond it ingestion answers 503 with Retry-After instead of buffering.',
  },
  GROUP_COMMIT_CONCURRENCY: { schema: positiveInt.max(16).default(2), description: 'Group commits that may be in flight at once.' },
  MESSAGE_STATE_TTL_DAYS: { schema: positiveInt.default(90), description: 'Per-message state untouched for this long is deleted.' },
  PARTITION_DAYS_AHEAD: { schema: positiveInt.max(60).default(7), description: 'Daily event partitions created ahead of today.' },
  LIVE_WINDOW_HOURS: { schema: positiveInt.max(168).default(24), description: 'How long live per-minute buckets are kept.' },
  MAILPULSE_DEMO: { schema: onOff.default('on'), description: 'Create the demo workspace and stream simulated traffic into it.' },
  DEMO_EVENTS_PER_SECOND: { schema: positiveInt.max(5000).default(40), description: 'Rate of the demo traffic.' },
  WEB_DIST_DIR: { schema: z.string().default('dist/apps/web/browser'), description: 'Built web app served at `/`.' },
} as const;

type Vars = typeof configVariables;
export type AppConfig = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

/** Reads and validates the environment once; the first bad variable stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const out: Record<string, unknown> = {};
  for (const [name, { schema }] of Object.entries(configVariables)) {
    const raw = env[name];
    const parsed = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(name, raw === undefined ? 'is required' : `${issue?.message ?? 'is invalid'} (got "${raw}")`);
    }
    out[name] = parsed.data;
  }
  return out as AppConfig;
}
