import { Module } from '@nestjs/common';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Webhook endpoints on their own, without the HTTP side, so the CLI can create them. */
@Module({ providers: [WebhookEndpointRepository, WebhookEndpointService], exports: [WebhookEndpointService] })
export class WebhookEndpointsModule {}
