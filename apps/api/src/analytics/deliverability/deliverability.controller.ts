import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeliverabilityResponse } from '@mailpulse/contracts';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { intParam, withRange } from '../query/analytics-query';
import { DeliverabilityService } from './deliverability.service';

const deliverabilityQuery = withRange(
  { minVolume: intParam(0, 100_000_000, 1_000) },
  30,
  400,
);

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/deliverability')
@Access({ scope: 'read', role: 'viewer' })
export class DeliverabilityController {
  constructor(private readonly deliverability: DeliverabilityService) {}

  @Get()
  @ApiOperation({
    summary:
      'Bounces by class and domain, complaint rate against Gmail and SES levels (?from=&to=&minVolume=1000)',
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<DeliverabilityResponse> {
    return this.deliverability.report(
      req.workspaceId,
      parseBody(deliverabilityQuery, query, 'query'),
    );
  }
}
