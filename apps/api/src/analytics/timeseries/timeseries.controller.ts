import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TimeSeriesResponse } from '@mailpulse/contracts';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { timeSeriesQuery } from './timeseries.query';
import { TimeSeriesService } from './timeseries.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/timeseries')
@Access({ scope: 'read', role: 'viewer' })
export class TimeSeriesController {
  constructor(private readonly series: TimeSeriesService) {}

  @Get()
  @ApiOperation({
    summary:
      'One metric per minute, hour or day, zero-filled (?metric=&bucket=&from=&to=&campaignId=&variant=&domain=&verdict=)',
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<TimeSeriesResponse> {
    return this.series.series(
      req.workspaceId,
      parseBody(timeSeriesQuery, query, 'query'),
    );
  }
}
