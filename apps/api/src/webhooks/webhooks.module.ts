import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { WebhookEndpointsModule } from './webhook-endpoints.module';
import { WebhookIngestService } from './webhook-ingest.service';
import { WebhookRawBodyCapture } from './webhook-raw-body';
import { WebhooksController } from './webhooks.controller';

/** ESP event webhooks (SES via SNS, SendGrid, Mailgun, Postmark) mapped onto Mailpulse events. */
@Module({
  imports: [IngestionModule, WebhookEndpointsModule],
  controllers: [WebhooksController],
  providers: [WebhookIngestService, WebhookRawBodyCapture],
})
export class WebhooksModule {}
