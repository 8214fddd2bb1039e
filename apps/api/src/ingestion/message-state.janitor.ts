import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { EventRepository } from './event.repository';

/** Deletes per-message state that has seen no event for MESSAGE_STATE_TTL_DAYS, hourly. */
@Injectable()
export class MessageStateJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('message-state');

  constructor(
    private readonly events: EventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const removed = await this.events.deleteStaleMessageStates(this.config.MESSAGE_STATE_TTL_DAYS);
      if (removed) this.logger.log(`removed ${removed} message states older than ${this.config.MESSAGE_STATE_TTL_DAYS} days`);
      return removed;
    } catch (err) {
      this.logger.warn(`message state sweep failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
