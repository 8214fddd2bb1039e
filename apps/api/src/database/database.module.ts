import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool, types } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

export const PG_POOL = Symbol('PG_POOL');

// bigint counts fit in a JS number for any realistic volume; numeric amounts are parsed as floats.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

export function createPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, application_name: 'mailpulse' });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor one that is checked out: its query fails (and the caller answers 503), but the client also emits
  // 'error', which with no listener would throw out of the event loop.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

@Global()
@Module({
  providers: [{ provide: PG_POOL, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createPool(c.DATABASE_URL, c.DATABASE_POOL_SIZE) }],
  exports: [PG_POOL],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
