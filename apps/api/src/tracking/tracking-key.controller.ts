import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import { requestOrigin } from './request-origin';
import { TrackingService, WorkspaceTrackingKey } from './tracking.service';

/**
 * The workspace's tracking key, for senders that sign links themselves (the nodemailer plugin): an ingest key, or
 * a signed-in admin (the key signs links for the whole workspace).
 */
@Controller('v1/tracking')
@Access({ scope: 'ingest', role: 'admin' })
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
