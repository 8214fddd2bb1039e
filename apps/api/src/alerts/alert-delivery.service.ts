import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig, portalUrlOf } from '../config/config.schema';
import { renderNotice, type RenderedNotice } from './alert-message';
import type { DueNotification } from './alert-notification.repository';
import { AlertNotificationRepository } from './alert-notification.repository';
import { ChannelSender } from './channels/channel-sender';
import { retryDelaySeconds } from './retry-delay';

/** A claimed notification stays leased this long while it is being sent. */
const LEASE_SECONDS = 120;
const BATCH = 20;

export interface DeliverySummary {
  delivered: number;
  retried: number;
  failed: number;
}

/** Sends queued alert notifications through their channels; a failure is recorded and retried with backoff. */
@Injectable()
export class AlertDelivery {
  private readonly logger = new Logger('alerts');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: AlertNotificationRepository,
    private readonly sender: ChannelSender,
  ) {}

  /** Sends every notification due now, batch by batch, until none is left. */
  async deliverDue(): Promise<DeliverySummary> {
    const summary: DeliverySummary = { delivered: 0, retried: 0, failed: 0 };
    for (;;) {
      const due = await this.queue.claimDue(BATCH, LEASE_SECONDS);
      if (due.length === 0) return summary;
      for (const n of due) await this.deliverOne(n, summary);
    }
  }

  private async deliverOne(n: DueNotification, summary: DeliverySummary): Promise<void> {
    try {
      await this.send(n, renderNotice({ ...n, portalUrl: portalUrlOf(this.config) }));
      await this.queue.markDelivered(n.id);
      summary.delivered++;
    } catch (err) {
      const message = (err as Error).message;
      if (n.attempts >= this.config.ALERT_DELIVERY_MAX_ATTEMPTS) {
        await this.queue.markFailed(n.id, message);
        summary.failed++;
        this.logger.warn(`alert notification ${n.id} (${n.channelKind}) failed after ${n.attempts} attempts: ${message}`);
      } else {
        await this.queue.markRetry(n.id, message, retryDelaySeconds(n.attempts, this.config.ALERT_DELIVERY_RETRY_SECONDS));
        summary.retried++;
      }
    }
  }

  private send(n: DueNotification, notice: RenderedNotice): Promise<void> {
    return this.sender.send({ kind: n.channelKind, settings: n.channelSettings }, notice, { event: `alert.${n.event}`, deliveryId: n.id, attempt: n.attempts });
  }
}
