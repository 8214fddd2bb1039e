import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { NotificationDelivery } from './notification-delivery.service';
import { NotificationRuleCache } from './notification-rule.cache';
import { NotificationDispatcher } from './notification.dispatcher';
import { NotificationRepository } from './notification.repository';
import { NotificationRulesController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * Event-triggered notifications: rules matched against each stored event off the router's realtime channel,
 * matches written to an outbox (first occurrence and rate limit decided there), sent through the alert channels.
 */
@Module({
  imports: [IngestionModule, AlertsModule],
  controllers: [NotificationRulesController],
  providers: [NotificationRepository, NotificationRuleCache, NotificationDispatcher, NotificationDelivery, NotificationsService],
  exports: [NotificationDispatcher, NotificationDelivery],
})
export class NotificationsModule {}
