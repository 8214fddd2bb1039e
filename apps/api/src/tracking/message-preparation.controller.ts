import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import { parseBody } from '../common/parse-body';
import { prepareMessageBody } from './dto/prepare-message.dto';
import type { PreparedMessage } from './prepare-message';
import { requestOrigin } from './request-origin';
import { TrackingService } from './tracking.service';

@Controller('v1/messages')
export class MessagePreparationController {
  constructor(private readonly tracking: TrackingService) {}

  /** `{ html, messageId, campaignId?, contact?: {email}, variant?, unsubscribeMailto? }` → `{ html, headers }`. */
  @Post('prepare')
  @HttpCode(200)
  @Access({ scope: 'ingest', role: 'analyst' })
  prepare(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<PreparedMessage> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new ApiException(415, ApiErrorCode.UnsupportedMediaType, 'Send the message as JSON with "Content-Type: application/json"', 'Content-Type');
    }
    const data = parseBody(prepareMessageBody, body);
    return this.tracking.prepare(req.workspaceId, data, requestOrigin(req));
  }
}
