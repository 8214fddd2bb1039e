import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config.schema';
import { HitJournalService } from '../../src/tracking/journal/hit-journal.service';
import { WorkspaceService, CreatedWorkspace } from '../../src/workspaces/workspace.service';
import { testDatabaseUrl, testRedisUrl } from './test-database';

process.env['MAILPULSE_MIGRATIONS_DIR'] ??= join(__dirname, '../../migrations');

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    MAILPULSE_DEMO: 'off',
    // Tests give each client its own address with X-Forwarded-For, as a proxy in front would.
    TRUST_PROXY: 'on',
    // Probes only run where a test asks for them, against its own loopback servers.
    PROBE_INTERVAL_SECONDS: '0',
    // Alert evaluation runs where a test drives it, at the instants it chooses.
    ALERT_EVALUATION_INTERVAL_SECONDS: '0',
    // Scheduled jobs run where a test triggers them (JobRunner.runDue / runSlot).
    JOBS_SCHEDULER: 'off',
    LOG_LEVEL: 'error',
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIST_DIR: '/nonexistent',
    ...overrides,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  config: AppConfig;
  newWorkspace(name?: string): Promise<CreatedWorkspace>;
  /** Waits until every tracking hit answered so far is stored in PostgreSQL (the journal is drained). */
  trackingSettled(): Promise<void>;
  close(): Promise<void>;
}

/** The real application on a loopback port, against the real test Postgres and Redis. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    newWorkspace: (name = `test-${uniqueId()}`) => app.get(WorkspaceService).createWorkspace(name),
    trackingSettled: async () => {
      if (!(await app.get(HitJournalService).whenSettled(15_000))) throw new Error('tracking hits were not stored within 15 s');
    },
    close: () => app.close(),
  };
}

let counter = 0;
export function uniqueId(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

// Response bodies are read field by field in assertions; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

export async function postEvents(baseUrl: string, key: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as LooseJson, headers: res.headers };
}
