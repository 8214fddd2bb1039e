import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RevenueResponse } from '@mailpulse/contracts';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { z } from 'zod';
import { withRange } from '../query/analytics-query';
import { RevenueService } from './revenue.service';

const revenueQuery = withRange(
  {
    windowDays: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(90, 'must be at most 90')
      .optional(),
  },
  30,
  400,
);

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/revenue')
@Access({ scope: 'read', role: 'viewer' })
export class RevenueController {
  constructor(private readonly revenue: RevenueService) {}

  @Get()
  @ApiOperation({
    summary:
      'Conversions and revenue by campaign, last-click attribution, ROI where a cost is set (?from=&to=&windowDays=1..90)',
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<RevenueResponse> {
    return this.revenue.revenue(
      req.workspaceId,
      parseBody(revenueQuery, query, 'query'),
    );
  }
}
