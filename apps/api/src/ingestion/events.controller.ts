import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { IngestResponse } from '@mailpulse/contracts';
import { ApiKeyGuard, AuthenticatedRequest } from '../workspaces/api-key.guard';
import { IngestionService } from './ingestion.service';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingestion: IngestionService) {}

  /** One event, an array of events or `{ "events": [...] }`; 202 once durably stored. */
  @Post()
  @HttpCode(202)
  @UseGuards(ApiKeyGuard('ingest'))
  ingest(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<IngestResponse> {
    return this.ingestion.ingest(req.workspaceId, body, 'api');
  }
}
