import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import type { StoredSnsMessage } from './webhook-endpoint.repository';
import { WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookIngestService, WebhookResponse } from './webhook-ingest.service';
import { rawBodyOf } from './webhook-raw-body';

@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhookIngestService,
    private readonly endpoints: WebhookEndpointService,
  ) {}

  /**
   * SNS subscription and unsubscribe confirmations received by the workspace's SES endpoints, newest first: a read
   * key, or a signed-in admin (who confirms the subscription by opening its URL).
   */
  @Get('subscriptions')
  @Access({ scope: 'read', role: 'admin' })
  async subscriptions(@Req() req: AuthenticatedRequest): Promise<{ subscriptions: StoredSnsMessage[] }> {
    return { subscriptions: await this.endpoints.listSnsMessages(req.workspaceId) };
  }

  /** A vendor's event webhook; the token in the path names the workspace endpoint. */
  @Post(':vendor/:token')
  @HttpCode(200)
  receive(@Param('vendor') vendor: string, @Param('token') token: string, @Req() req: FastifyRequest, @Body() body: unknown): Promise<WebhookResponse> {
    return this.webhooks.receive({ vendor, token, body, rawBody: rawBodyOf(req.raw), headers: req.headers });
  }
}
