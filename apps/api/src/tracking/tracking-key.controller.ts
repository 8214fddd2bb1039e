import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, AuthenticatedRequest } from '../workspaces/api-key.guard';
import { requestOrigin } from './request-origin';
import { TrackingService, WorkspaceTrackingKey } from './tracking.service';

/** The workspace's tracking key, for senders that sign links themselves (the nodemailer plugin). */
@Controller('v1/tracking')
@UseGuards(ApiKeyGuard('ingest'))
export class TrackingKeyController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('key')
  key(@Req() req: AuthenticatedRequest): Promise<WorkspaceTrackingKey> {
    return this.tracking.trackingKey(req.workspaceId, requestOrigin(req));
  }

  /** Signs with a new key version from now on; links signed with earlier versions keep working. */
  @Post('key/rotate')
  @HttpCode(200)
  rotate(@Req() req: AuthenticatedRequest): Promise<WorkspaceTrackingKey> {
    return this.tracking.rotateKey(req.workspaceId, requestOrigin(req));
  }
}
