import { Injectable } from '@nestjs/common';
import type { ChannelKind, ChannelSettings } from '../alert-channel.repository';
import { HttpNotifier } from './http-notifier';
import { MailTransport } from './mail-transport';
import { signWebhookBody } from './webhook-signature';

/** One message in the three shapes the channels take. */
export interface ChannelMessage {
  subject: string;
  text: string;
  /** Slack incoming-webhook payload. */
  slack: unknown;
  /** Body of the generic webhook; `deliveryId` and `attempt` are added to it, then it is signed. */
  webhook: Record<string, unknown>;
}

export interface ChannelTarget {
  kind: ChannelKind;
  settings: ChannelSettings;
}

/** Which delivery and attempt a webhook request is, and its `X-Mailpulse-Event` (e.g. `alert.firing`). */
export interface WebhookDelivery {
  event: string;
  deliveryId: number;
  attempt: number;
}

/**
 * Sends one message through an alert channel (email, Slack, signed webhook). Rejects with the transport's error;
 * recording and retrying it is the caller's (alert notifications, event-triggered notifications).
 */
@Injectable()
export class ChannelSender {
  constructor(
    private readonly mail: MailTransport,
    private readonly http: HttpNotifier,
  ) {}

  async send(target: ChannelTarget, message: ChannelMessage, delivery: WebhookDelivery): Promise<void> {
    switch (target.kind) {
      case 'email': {
        const { recipients } = target.settings as { recipients: string[] };
        await this.mail.send({ to: recipients, subject: message.subject, text: message.text });
        return;
      }
      case 'slack':
        await this.http.postJson((target.settings as { url: string }).url, JSON.stringify(message.slack));
        return;
      case 'webhook': {
        const { url, secret } = target.settings as { url: string; secret: string };
        const body = JSON.stringify({ ...message.webhook, deliveryId: delivery.deliveryId, attempt: delivery.attempt });
        await this.http.postJson(url, body, { 'x-mailpulse-signature': signWebhookBody(secret, body, new Date()), 'x-mailpulse-event': delivery.event });
        return;
      }
    }
  }
}
