import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { AlertDelivery } from './alert-delivery.service';
import { AlertEvaluationCursorRepository } from './alert-evaluation-cursor.repository';
import { AlertEvaluator } from './alert-evaluator.service';

/** The end of the last closed minute bucket at `now`. */
export function lastClosedBucketEnd(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/**
 * Evaluates the alert rules as each minute bucket closes, once across all API processes (advisory lock plus a
 * shared cursor of the last evaluated bucket), and sends due notifications (claimed rows, so processes share them).
 */
@Injectable()
export class AlertScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('alerts');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cursor: AlertEvaluationCursorRepository,
    private readonly evaluator: AlertEvaluator,
    private readonly delivery: AlertDelivery,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.ALERT_EVALUATION_INTERVAL_SECONDS;
    if (seconds === 0) {
      this.logger.log('alert evaluation is off (ALERT_EVALUATION_INTERVAL_SECONDS=0)');
      return;
    }
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One tick: evaluates the newly closed bucket if no process has, then sends due notifications. Never throws. */
  tick(now = new Date()): Promise<void> {
    this.running ??= this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  private async run(now: Date): Promise<void> {
    try {
      const bucketEnd = lastClosedBucketEnd(now);
      await this.cursor.whileLocked(async () => {
        if (!(await this.cursor.claimBucket(bucketEnd))) return;
        const s = await this.evaluator.evaluateAt(bucketEnd);
        if (s.opened || s.resolved || s.escalated || s.failed) {
          this.logger.log(`alerts at ${bucketEnd.toISOString()}: ${s.opened} opened, ${s.escalated} escalated, ${s.resolved} resolved, ${s.failed} rules failed`);
        }
      });
      await this.delivery.deliverDue();
    } catch (err) {
      this.logger.warn(`alert tick failed: ${(err as Error).message}`);
    }
  }
}
