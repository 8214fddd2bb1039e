import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import { auditActorOf, type AuthenticatedRequest } from '../workspaces/principal';
import { retentionBody } from './dto/retention.dto';
import { RetentionService, RetentionSetting } from './retention.service';

/** How long the workspace keeps raw events (admins). */
@Controller('v1/retention')
@Access({ role: 'admin' })
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  get(@Req() req: AuthenticatedRequest): Promise<RetentionSetting> {
    return this.retention.getSetting(req.workspaceId);
  }

  @Put()
  set(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<RetentionSetting> {
    const { retentionDays } = parseBody(retentionBody, body);
    return this.retention.setSetting(req.workspaceId, retentionDays, auditActorOf(req.principal));
  }
}
