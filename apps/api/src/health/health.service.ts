import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck, HealthResponse } from '@mailpulse/contracts';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { LIVE_STORE, LiveStore } from '../live-store/live-store';

const TIMEOUT_MS = 2_000;

async function timed(probe: () => Promise<unknown>): Promise<HealthCheck> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)))]);
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LIVE_STORE) private readonly live: LiveStore,
  ) {}

  async check(): Promise<HealthResponse> {
    const [database, liveStore] = await Promise.all([timed(() => this.pool.query('SELECT 1')), timed(() => this.live.ping())]);
    return { status: database.ok && liveStore.ok ? 'ok' : 'unavailable', checks: { database, liveStore } };
  }
}
