import { Module } from '@nestjs/common';
import { AlertChannelRepository } from './alert-channel.repository';
import { AlertDelivery } from './alert-delivery.service';
import { AlertEvaluationCursorRepository } from './alert-evaluation-cursor.repository';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertIncidentRepository } from './alert-incident.repository';
import { AlertNotificationRepository } from './alert-notification.repository';
import { AlertRuleRepository } from './alert-rule.repository';
import { AlertScheduler } from './alert.scheduler';
import { AlertSignalRepository } from './alert-signal.repository';
import { AlertChannelsController, AlertRulesController, AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { ChannelSender } from './channels/channel-sender';
import { HttpNotifier } from './channels/http-notifier';
import { MailTransport } from './channels/mail-transport';

/**
 * Alert rules evaluated as minute buckets close, incidents (firing → resolved with a cooldown), and notifications
 * by email, Slack and signed webhook, retried with backoff. MailTransport is shared with scheduled reports,
 * ChannelSender with event-triggered notifications.
 */
@Module({
  controllers: [AlertsController, AlertRulesController, AlertChannelsController],
  providers: [
    AlertRuleRepository,
    AlertChannelRepository,
    AlertIncidentRepository,
    AlertNotificationRepository,
    AlertSignalRepository,
    AlertEvaluationCursorRepository,
    AlertEvaluator,
    AlertDelivery,
    AlertScheduler,
    AlertsService,
    HttpNotifier,
    MailTransport,
    ChannelSender,
  ],
  exports: [MailTransport, ChannelSender, AlertEvaluator, AlertDelivery],
})
export class AlertsModule {}
