import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createLiveSimulator, LiveSimulator } from '@mailpulse/simulator';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { IngestionService } from '../ingestion/ingestion.service';
import { DemoService } from './demo.service';

const TICK_MS = 250;

/**
 * Streams simulated campaign traffic into the demo workspace through the same pipeline as real events, so a
 * new user sees the numbers move. Each tick sends about DEMO_EVENTS_PER_SECOND / 4 events.
 */
@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('demo');
  private timer?: NodeJS.Timeout;
  private simulator?: LiveSimulator;
  private busy = false;
  private carry = 0;

  constructor(
    private readonly demo: DemoService,
    private readonly ingestion: IngestionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.simulator = createLiveSimulator({ seed: Date.now() % 100_000 });
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
    this.logger.log(`streaming about ${this.config.DEMO_EVENTS_PER_SECOND} simulated events/s into the demo workspace`);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const workspaceId = this.demo.credentials?.workspaceId;
    if (this.busy || !workspaceId || !this.simulator) return;
    this.carry += (this.config.DEMO_EVENTS_PER_SECOND * TICK_MS) / 1000;
    const count = Math.floor(this.carry);
    if (count === 0) return;
    this.carry -= count;
    this.busy = true;
    try {
      await this.ingestion.ingest(workspaceId, this.simulator.next(new Date(), count), 'demo');
    } catch (err) {
      this.logger.warn(`demo traffic paused a tick: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}
