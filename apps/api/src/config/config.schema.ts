import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const onOff = z.enum(['on', 'off']);
const nonNegativeInt = z.coerce.number().int().min(0);
/** `https://app.example.com,http://localhost:4200` (origins: scheme, host, port; no path) or `*`. */
const corsOrigins = z.string().transform((value, ctx) => {
  const origins = value.split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
  const bad = origins.find((o) => {
    if (o === '*') return false;
    try {
      const url = new URL(o);
      return !/^https?:$/.test(url.protocol) || url.origin !== o;
    } catch {
      return true;
    }
  });
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of origins like https://app.example.com, or * ("${bad}" is not one)` });
    return z.NEVER;
  }
  return origins;
});
/** `IP`, `IPv4:port` or `[IPv6]:port`, comma-separated: what node:dns `Resolver.setServers` takes. */
const dnsServers = z.string().transform((value, ctx) => {
  const servers = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = servers.find((s) => {
    const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(s) ?? [s, s];
    return isIP(m[1]!) === 0 || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535));
  });
  if (bad !== undefined || servers.length === 0) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of IP or IP:port addresses${bad ? ` ("${bad}" is not one)` : ''}` });
    return z.NEVER;
  }
  return servers;
});

/**
 * Every environment variable Mailpulse reads, with its default and what it does.
 * The README's configuration table is written from this list; keep the two in step.
 */
export const configVariables = {
  PORT: { schema: port.default(3000), description: 'HTTP port for the API, the tracking endpoints and the web app.' },
  HOST: { schema: z.string().min(1).default('0.0.0.0'), description: 'Interface to listen on.' },
  PUBLIC_URL: { schema: z.url().optional(), description: 'URL printed at start and used in links; defaults to http://localhost:PORT.' },
  TRACKING_BASE_URL: {
    schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    description: 'Base URL of the pixel, click and unsubscribe links in prepared messages; defaults to PUBLIC_URL, else the URL the prepare request came in on.',
  },
  TRACKING_JOURNAL: {
    schema: onOff.default('on'),
    description:
      '`on`: a pixel load, click or unsubscribe is answered once it is synced to a local journal (TRACKING_JOURNAL_DIR) and stored in PostgreSQL right after, in batches, so hits are kept while PostgreSQL is slow or away; `off`: each hit is answered only after its own PostgreSQL commit (503 while it is away).',
  },
  TRACKING_JOURNAL_DIR: {
    schema: z.string().min(1).optional(),
    description: 'Folder of the tracking journal (one subfolder per process; one machine only, never shared between machines); defaults to MAILPULSE_DATA_DIR/tracking-journal.',
  },
  TRACKING_JOURNAL_MAX_MB: {
    schema: positiveInt.default(1024),
    description: 'Most tracking hits, in MB, a process keeps in its journal waiting for PostgreSQL; beyond it the tracking endpoints answer 503 with Retry-After.',
  },
  API_WORKERS: {
    schema: positiveInt.max(64).default(1),
    description:
      'API processes on this machine, sharing PORT (node:cluster; a stopped one is replaced). One per core lets the API use every core, e.g. for tracking hits; more than 1 needs REDIS_URL, through which the processes share live data and the live stream.',
  },
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
  ANALYTICS_ATTRIBUTION_WINDOW_DAYS: {
    schema: positiveInt.max(90).default(7),
    description: 'Revenue attribution: a conversion goes to the campaign of the contact\'s last human click at most this many days before it.',
  },
  ANALYTICS_CAMPAIGN_CACHE_SECONDS: {
    schema: nonNegativeInt.max(300).default(10),
    description: 'How long a campaign\'s per-message aggregate (counts, per variant, per domain) is reused before it is recomputed in the background; 0 recomputes it on every request.',
  },
  REALTIME_FLUSH_MS: {
    schema: positiveInt.min(50).max(10_000).default(250),
    description: 'Least time between two live-stream deltas of one room (WebSocket); events in between are summed into the next.',
  },
  REALTIME_WINDOW_MINUTES: {
    schema: positiveInt.max(1440).default(60),
    description: 'Minutes of live-store counts, rates and active contacts each live-stream delta and subscription carries.',
  },
  MAILPULSE_DEMO: { schema: onOff.default('on'), description: 'Create the demo workspace and stream simulated traffic into it.' },
  DEMO_EVENTS_PER_SECOND: { schema: positiveInt.max(5000).default(40), description: 'Rate of the demo traffic.' },
  WEB_DIST_DIR: { schema: z.string().default('dist/apps/web/browser'), description: 'Built web app served at `/`.' },
  SESSION_TTL_HOURS: { schema: positiveInt.max(8760).default(168), description: 'How long a sign-in session lasts, in hours.' },
  LOGIN_MAX_FAILURES: {
    schema: positiveInt.default(5),
    description: 'Failed sign-ins for one address within LOGIN_FAILURE_WINDOW_MINUTES after which it gets 429 with Retry-After.',
  },
  LOGIN_MAX_FAILURES_PER_IP: {
    schema: positiveInt.default(20),
    description: 'Failed sign-ins from one client IP within LOGIN_FAILURE_WINDOW_MINUTES after which it gets 429 with Retry-After.',
  },
  LOGIN_FAILURE_WINDOW_MINUTES: { schema: positiveInt.max(1440).default(15), description: 'Sliding window over which failed sign-ins are counted.' },
  RATE_LIMIT_LOGIN_PER_MINUTE: {
    schema: nonNegativeInt.default(30),
    description: 'Sign-in requests one client IP may make per minute (shared through Redis when REDIS_URL is set); `0` turns it off.',
  },
  RATE_LIMIT_INGEST_PER_MINUTE: {
    schema: nonNegativeInt.default(0),
    description: 'Requests per minute per API key on `/v1/events` and per client IP on `/t/*`; `0` (the default) turns it off.',
  },
  CORS_ORIGINS: {
    schema: corsOrigins.default([]),
    description: 'Other web origins allowed to call the API from a browser, comma-separated (`*` for any, without cookies); unset: none.',
  },
  TRUST_PROXY: {
    schema: onOff.default('off'),
    description: 'Honour `X-Forwarded-For` and `X-Forwarded-Proto` from the proxy in front of the API (client IPs for rate limits and sign-in throttling, https for cookies); off: the socket\'s address is the client.',
  },
  METRICS_TOKEN: {
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    description: 'When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; unset: it is public (keep it off the internet).',
  },
  RETENTION_DEFAULT_DAYS: {
    schema: z.coerce.number().int().min(0).max(36_500).default(400),
    description: 'Days of raw events a workspace keeps unless it sets its own (`PUT /v1/retention`); `0` keeps them forever. Rollups are always kept.',
  },
  MAILPULSE_ADMIN_EMAIL: {
    schema: z.email({ error: 'must be an email address' }).toLowerCase().optional(),
    description: 'With MAILPULSE_ADMIN_PASSWORD: the first admin, created at start when no user exists yet.',
  },
  MAILPULSE_ADMIN_PASSWORD: { schema: z.string().optional(), description: 'Password of MAILPULSE_ADMIN_EMAIL (at least 8 characters); used only when that user is created.' },
  PROBE_INTERVAL_SECONDS: {
    schema: z.coerce.number().int().min(0).default(300),
    description: 'How often the sending-domain DNS checks and SMTP probes run (once across all API processes); `0` turns the schedule off.',
  },
  PROBE_DNS_SERVERS: {
    schema: dnsServers.optional(),
    description: 'DNS servers the probes ask, comma-separated `IP` or `IP:port` (e.g. `127.0.0.1:5353`); unset: the system resolver.',
  },
  PROBE_TIMEOUT_MS: { schema: positiveInt.max(120_000).default(10_000), description: 'Timeout of each DNS query and of each SMTP probe step.' },
  PROBE_EHLO_NAME: { schema: z.string().min(1).optional(), description: 'Name the SMTP probes send in EHLO; unset: the machine\'s host name.' },
  JOBS_SCHEDULER: {
    schema: onOff.default('on'),
    description: 'Run scheduled jobs (nightly ETL, anomaly scoring, reports) from this process; each slot runs once across all processes that have it on.',
  },
  JOBS_TICK_SECONDS: { schema: positiveInt.max(3600).default(30), description: 'How often each process checks for due job slots.' },
  ETL_RECOMPUTE_DAYS: {
    schema: positiveInt.max(60).default(7),
    description: 'Days before each nightly ETL run whose aggregates it recomputes (opens and clicks keep arriving for days after a send).',
  },
  ML_MODELS_DIR: {
    schema: z.string().min(1).default('ml-models/artefacts'),
    description: 'Folder of trained model versions (`npm run ml:train`); the API serves the newest that passed evaluation and keeps the last good one.',
  },
  ALERT_EVALUATION_INTERVAL_SECONDS: {
    schema: z.coerce.number().int().min(0).max(60).default(15),
    description: 'How often each process checks for a newly closed minute bucket to evaluate the alert rules on (once across all processes) and sends due alert notifications; `0` turns alerting off in this process.',
  },
  ALERT_DELIVERY_MAX_ATTEMPTS: { schema: positiveInt.max(20).default(6), description: 'Attempts to deliver one alert notification before it is recorded as failed.' },
  ALERT_DELIVERY_RETRY_SECONDS: {
    schema: positiveInt.max(3600).default(30),
    description: 'Wait before the first retry of a failed alert notification; it doubles with each further attempt (at most an hour).',
  },
  SMTP_HOST: { schema: z.string().min(1).optional(), description: 'SMTP server for alert emails and scheduled reports; unset: email alerts and reports are recorded as failed.' },
  SMTP_PORT: { schema: port.default(587), description: 'Port of SMTP_HOST.' },
  SMTP_SECURE: { schema: onOff.default('off'), description: '`on`: TLS from the first byte (port 465); `off`: plain, upgraded with STARTTLS when the server offers it.' },
  SMTP_USER: { schema: z.string().min(1).optional(), description: 'SMTP user name; unset: no authentication.' },
  SMTP_PASSWORD: { schema: z.string().optional(), description: 'Password of SMTP_USER.' },
  SMTP_FROM: { schema: z.string().min(3).default('Mailpulse <mailpulse@localhost>'), description: 'From address of alert emails and scheduled reports.' },
} as const;

type Vars = typeof configVariables;
export type AppConfig = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

/** The portal's base URL in the links of alert and notification messages: PUBLIC_URL, else http://localhost:PORT, without a trailing slash. */
export function portalUrlOf(config: Pick<AppConfig, 'PUBLIC_URL' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
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
  const config = out as AppConfig;
  if (config.API_WORKERS > 1 && !config.REDIS_URL) {
    throw new ConfigError('API_WORKERS', `needs REDIS_URL when above 1 (got "${config.API_WORKERS}"): the processes share live data and the live stream through Redis`);
  }
  return config;
}
