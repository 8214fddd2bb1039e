import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  CampaignComparisonResponse,
  CampaignCostResponse,
  CampaignDetailResponse,
  CampaignListResponse,
  CampaignRecipientsResponse,
} from '@mailpulse/contracts';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import {
  campaignIdParam,
  campaignListQuery,
  compareQuery,
  costBody,
  detailQuery,
  recipientsQuery,
} from './campaigns.query';
import { CampaignsService } from './campaigns.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/campaigns')
@Access({ scope: 'read', role: 'viewer' })
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Campaigns with counts and rates (?sort=&order=asc|desc&limit=&offset=&verdict=)',
  })
  list(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<CampaignListResponse> {
    return this.campaigns.list(
      req.workspaceId,
      parseBody(campaignListQuery, query, 'query'),
    );
  }

  @Get('compare')
  @ApiOperation({ summary: 'Several campaigns side by side (?ids=a,b,c)' })
  compare(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<CampaignComparisonResponse> {
    return this.campaigns.compare(
      req.workspaceId,
      parseBody(compareQuery, query, 'query').ids,
    );
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One campaign: funnel, links, domains, variants (?verdict=human|machine|total)',
  })
  detail(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<CampaignDetailResponse> {
    return this.campaigns.detail(
      req.workspaceId,
      parseBody(campaignIdParam, id, 'id'),
      parseBody(detailQuery, query, 'query').verdict,
    );
  }

  @Get(':id/recipients')
  @ApiOperation({
    summary:
      'Who opened or clicked, paged (?action=opened|clicked&verdict=&limit=&cursor=)',
  })
  recipients(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<CampaignRecipientsResponse> {
    return this.campaigns.recipients(
      req.workspaceId,
      parseBody(campaignIdParam, id, 'id'),
      parseBody(recipientsQuery, query, 'query'),
    );
  }

  @Put(':id/cost')
  @Access({ role: 'analyst' })
  @ApiOperation({
    summary:
      'Set the campaign cost used for ROI (analysts; body { cost, currency })',
  })
  setCost(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<CampaignCostResponse> {
    const { cost, currency } = parseBody(costBody, body);
    return this.campaigns.setCost(
      req.workspaceId,
      parseBody(campaignIdParam, id, 'id'),
      cost,
      currency,
    );
  }
}
