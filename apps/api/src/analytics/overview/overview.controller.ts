import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OverviewResponse } from '@mailpulse/contracts';
import { z } from 'zod';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { intParam } from '../query/analytics-query';
import { OverviewService } from './overview.service';

const overviewQuery = z.strictObject({ liveMinutes: intParam(1, 60, 5) });

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/overview')
@Access({ scope: 'read', role: 'viewer' })
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get()
  @ApiOperation({
    summary:
      'KPIs of today, the last 24 hours and the live minutes (?liveMinutes=1..60, default 5)',
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<OverviewResponse> {
    const { liveMinutes } = parseBody(overviewQuery, query, 'query');
    return this.overview.overview(req.workspaceId, liveMinutes);
  }
}
