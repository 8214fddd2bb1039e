import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_TYPES, type EventExplorerResponse } from '@mailpulse/contracts';
import { z } from 'zod';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { cursor, id, intParam, withRange } from '../query/analytics-query';
import { EventsExplorerService } from './events-explorer.service';

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

const explorerQuery = withRange(
  {
    type: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (types) => types.length > 0 && types.every((t) => KNOWN_TYPES.has(t)),
        'must be event types such as email.opened, comma-separated',
      )
      .optional(),
    campaignId: id.optional(),
    messageId: id.optional(),
    contact: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(254, 'must be at most 254 characters')
      .optional(),
    limit: intParam(1, 500, 100),
    cursor,
  },
  7,
  400,
).transform(({ type, ...q }) => ({ ...q, types: type }));

/** GET /v1/events: what arrived, newest first (POST /v1/events is ingestion). */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/events')
@Access({ scope: 'read', role: 'viewer' })
export class EventsExplorerController {
  constructor(private readonly explorer: EventsExplorerService) {}

  @Get()
  @ApiOperation({
    summary:
      'Raw events newest first (?type=a,b&campaignId=&messageId=&contact=&from=&to=&limit=&cursor=)',
  })
  list(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<EventExplorerResponse> {
    return this.explorer.page(
      req.workspaceId,
      parseBody(explorerQuery, query, 'query'),
    );
  }
}
