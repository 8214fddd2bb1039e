import { Controller, Get, Query, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { parseBody } from '../common/parse-body';
import { auditLogQuery } from './dto/workspace-management.dto';
import type { AuthenticatedRequest } from './principal';

/** Who changed what in the workspace (admins), newest first; `?before=<id>` pages back. */
@Controller('v1/audit-log')
@Access({ role: 'admin' })
export class AuditLogController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Query() query: unknown): Promise<{ entries: AuditEntry[] }> {
    const { limit, before } = parseBody(auditLogQuery, query, 'query');
    return { entries: await this.audit.list(req.workspaceId, limit, before) };
  }
}
