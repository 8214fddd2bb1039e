import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LiveRebuildRepository } from './live-rebuild.repository';
import { LIVE_STORE, LiveStore } from './live-store';
import { LiveStoreRecovery } from './live-store.recovery';
import { MemoryLiveStore } from './memory-live-store';
import { RedisLiveStore } from './redis-live-store';

export async function createLiveStore(config: Pick<AppConfig, 'REDIS_URL' | 'LIVE_WINDOW_HOURS'>): Promise<LiveStore> {
  const windowMs = config.LIVE_WINDOW_HOURS * 3_600_000;
  return config.REDIS_URL ? RedisLiveStore.connect(config.REDIS_URL, windowMs) : new MemoryLiveStore(windowMs);
}

@Global()
@Module({
  providers: [{ provide: LIVE_STORE, inject: [APP_CONFIG], useFactory: createLiveStore }, LiveRebuildRepository, LiveStoreRecovery],
  exports: [LIVE_STORE, LiveRebuildRepository],
})
export class LiveStoreModule implements OnApplicationShutdown {
  constructor(@Inject(LIVE_STORE) private readonly store: LiveStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
