import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { IngestResponse } from '@mailpulse/contracts';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/principal';
import { IngestionService } from './ingestion.service';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingestion: IngestionService) {}

  /** One event, an array of events or `{ "events": [...] }`; 202 once durably stored. */
  @Post()
  @HttpCode(202)
  // An ingest key, or a signed-in analyst or admin of the workspace.
  @Access({ scope: 'ingest', role: 'analyst' })
  ingest(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<IngestResponse> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new ApiException(415, ApiErrorCode.UnsupportedMediaType, 'Send events as JSON with "Content-Type: application/json"', 'Content-Type');
    }
    return this.ingestion.ingest(req.workspaceId, body, 'api');
  }
}
