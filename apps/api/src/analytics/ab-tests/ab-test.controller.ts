import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AbTestResponse } from '@mailpulse/contracts';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { abTestQuery, campaignIdParam } from '../campaigns/campaigns.query';
import { AbTestService } from './ab-test.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/campaigns')
@Access({ scope: 'read', role: 'viewer' })
export class AbTestController {
  constructor(private readonly abTests: AbTestService) {}

  @Get(':id/ab-test')
  @ApiOperation({
    summary:
      'Variants against the control: z-test, P(beat control), sample size (?metric=open|click|clickToOpen|conversion&verdict=&control=&confidence=&lift=&power=)',
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<AbTestResponse> {
    return this.abTests.abTest(
      req.workspaceId,
      parseBody(campaignIdParam, id, 'id'),
      parseBody(abTestQuery, query, 'query'),
    );
  }
}
