import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import { normalizeSmtpHost } from './dto/domain-name';
import { parseBody } from '../common/parse-body';
import { smtpHostBody } from './dto/probe-targets.dto';
import { SendingDomainService } from './sending-domain.service';
import type { SmtpHost } from './sending-domain.repository';
import type { SmtpHostView } from './sending-domain.view';

@Controller('v1/smtp-hosts')
export class SmtpHostsController {
  constructor(private readonly domains: SendingDomainService) {}

  /** `{ host, port?: 25, expectStarttls?: true, domain? }` → 201 when added, 200 when it was updated. */
  @Post()
  @Access({ scope: 'ingest', role: 'admin' })
  async add(@Req() req: AuthenticatedRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<SmtpHost> {
    const data = parseBody(smtpHostBody, body);
    const { created, host } = await this.domains.addHost(req.workspaceId, data);
    void reply.status(created ? 201 : 200);
    return host;
  }

  /** Every SMTP host with its last probe. */
  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest): Promise<{ smtpHosts: SmtpHostView[] }> {
    return { smtpHosts: await this.domains.listHosts(req.workspaceId) };
  }

  /** Removes the host on `?port=`, or on every port without it. */
  @Delete(':host')
  @HttpCode(204)
  @Access({ scope: 'ingest', role: 'admin' })
  async remove(@Req() req: AuthenticatedRequest, @Param('host') host: string, @Query('port') port?: string): Promise<void> {
    const name = normalizeSmtpHost(host);
    if ('reason' in name) throw new ApiException(400, ApiErrorCode.InvalidBody, `host: ${name.reason}`, 'host');
    if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new ApiException(400, ApiErrorCode.InvalidBody, 'port: must be from 1 to 65535', 'port');
    await this.domains.removeHost(req.workspaceId, name.name, port === undefined ? null : Number(port));
  }
}
