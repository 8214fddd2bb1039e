import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelSender } from '../alerts/channels/channel-sender';
import { retryDelaySeconds } from '../alerts/retry-delay';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, portalUrlOf } from '../config/config.schema';
import { renderNotification } from './notification-message';
import { type DueDelivery, NotificationRepository } from './notification.repository';

/** A claimed delivery stays leased this long while it is being sent. */
const LEASE_SECONDS = 120;
const BATCH = 20;
/** How often each process looks for retries due and rate-limit windows that ended. */
export const DELIVERY_POLL_MS = 2000;

/**
 * Sends the outbox through the alert channels' transports: at once when matches were written here, and every
 * couple of seconds for retries (backoff as for alerts: ALERT_DELIVERY_RETRY_SECONDS doubling, at most
 * ALERT_DELIVERY_MAX_ATTEMPTS) and for the summaries of ended rate-limit windows. Rows are claimed with SKIP
 * LOCKED, so several processes share the work and none sends a row twice.
 */
@Injectable()
export class NotificationDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Set at shutdown: what is still pending stays in the outbox for the next process to send. */
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: NotificationRepository,
    private readonly sender: ChannelSender,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(true), DELIVERY_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    this.again = false;
    await this.running;
  }

  /** Sends what is due now (and, with `summaries`, first queues the summaries of ended windows). Never throws. */
  kick(summaries = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run(summaries).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no send is in progress. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(summaries: boolean): Promise<void> {
    try {
      if (summaries) await this.repository.queueEndedWindowSummaries();
      await this.deliverDue();
    } catch (err) {
      this.logger.warn(`notification delivery failed: ${(err as Error).message}`);
    }
  }

  /** Sends every delivery due now, batch by batch, until none is left; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = await this.repository.claimDue(BATCH, LEASE_SECONDS);
      if (due.length === 0) return attempted;
      await Promise.all(due.map((d) => this.deliverOne(d)));
      attempted += due.length;
    }
  }

  /** Sends the given pending deliveries now (a rule's test), one attempt each. */
  async sendNow(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const due = await this.repository.claimDue(ids.length, LEASE_SECONDS, ids);
    await Promise.all(due.map((d) => this.deliverOne(d)));
  }

  private async deliverOne(d: DueDelivery): Promise<void> {
    try {
      const message = renderNotification({ ...d, portalUrl: portalUrlOf(this.config) });
      await this.sender.send({ kind: d.channelKind, settings: d.channelSettings }, message, { event: message.event, deliveryId: d.id, attempt: d.attempts });
      await this.repository.markDelivered(d.id);
    } catch (err) {
      const message = (err as Error).message;
      if (d.attempts >= this.config.ALERT_DELIVERY_MAX_ATTEMPTS) {
        await this.repository.markFailed(d.id, message);
        this.logger.warn(`notification delivery ${d.id} (${d.channelKind}) failed after ${d.attempts} attempts: ${message}`);
      } else {
        await this.repository.markRetry(d.id, message, retryDelaySeconds(d.attempts, this.config.ALERT_DELIVERY_RETRY_SECONDS));
      }
    }
  }
}
