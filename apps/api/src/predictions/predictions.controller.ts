import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import type { AuthenticatedRequest } from '../workspaces/principal';
import type { AnomalyRecord } from './anomaly.record';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { CampaignPrediction, CampaignPredictionService } from './campaign-prediction.service';
import { anomaliesQuery, campaignPredictionBody, contactIdParam } from './dto/prediction.dto';
import { ModelRegistry } from './model-registry';
import { Recommendation, RecommendationService } from './recommendation.service';
import { AudienceSendTime, ContactSendTime, SendTimeService } from './send-time.service';

/** Model-backed answers: campaign predictions, best send times, anomalies and recommendations. */
@Controller('v1')
@Access({ scope: 'read', role: 'viewer' })
export class PredictionsController {
  constructor(
    private readonly campaigns: CampaignPredictionService,
    private readonly sendTimes: SendTimeService,
    private readonly anomalies: AnomalyDetectionService,
    private readonly recommendations: RecommendationService,
    private readonly models: ModelRegistry,
  ) {}

  /** Predicted open, click and bounce rates of a planned campaign, beside the workspace's recent average. */
  @Post('predictions/campaign')
  @HttpCode(200)
  predictCampaign(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<CampaignPrediction> {
    const input = parseBody(campaignPredictionBody, body);
    return this.campaigns.predict(req.workspaceId, { subject: input.subject, sendAt: new Date(input.sendAt), name: input.name, contacts: input.contacts });
  }

  /** The model versions being served (null: none has passed evaluation; the baseline answers). */
  @Get('predictions/models')
  servedModels(): Promise<Record<string, string | null>> {
    return this.models.reload();
  }

  @Get('contacts/:id/best-send-time')
  bestSendTime(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<ContactSendTime> {
    return this.sendTimes.forContact(req.workspaceId, parseBody(contactIdParam, id, 'id'));
  }

  /** Best send hours over a campaign's audience (everyone it was sent to). */
  @Get('campaigns/:id/best-send-time')
  audienceSendTime(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<AudienceSendTime> {
    return this.sendTimes.forCampaignAudience(req.workspaceId, parseBody(contactIdParam, id, 'id'));
  }

  /** Anomalies with id > `after`, oldest first; poll with the last id seen. */
  @Get('anomalies')
  async listAnomalies(@Req() req: AuthenticatedRequest, @Query() query: unknown): Promise<{ anomalies: AnomalyRecord[] }> {
    return { anomalies: await this.anomalies.list(req.workspaceId, parseBody(anomaliesQuery, query, 'query')) };
  }

  @Get('recommendations')
  async listRecommendations(@Req() req: AuthenticatedRequest): Promise<{ recommendations: Recommendation[] }> {
    return { recommendations: await this.recommendations.forWorkspace(req.workspaceId) };
  }
}
