import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import { parseBody } from '../common/parse-body';
import { domainName, sendingDomainBody } from './dto/probe-targets.dto';
import { SendingDomainService } from './sending-domain.service';
import type { SendingDomain } from './sending-domain.repository';
import type { SendingDomainView } from './sending-domain.view';

@Controller('v1/sending-domains')
export class SendingDomainsController {
  constructor(private readonly domains: SendingDomainService) {}

  /** `{ domain, dkimSelectors? }` → 201 when added, 200 when its selectors were replaced. */
  @Post()
  @Access({ scope: 'ingest', role: 'admin' })
  async add(@Req() req: AuthenticatedRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<SendingDomain> {
    const data = parseBody(sendingDomainBody, body);
    const { created, domain } = await this.domains.addDomain(req.workspaceId, data);
    void reply.status(created ? 201 : 200);
    return domain;
  }

  /** Every sending domain with the current status of each check and its SMTP hosts. */
  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest): Promise<{ sendingDomains: SendingDomainView[] }> {
    return { sendingDomains: await this.domains.listDomains(req.workspaceId) };
  }

  /** Removes the domain, its statuses and the SMTP hosts tied to it. */
  @Delete(':domain')
  @HttpCode(204)
  @Access({ scope: 'ingest', role: 'admin' })
  async remove(@Req() req: AuthenticatedRequest, @Param('domain') domain: string): Promise<void> {
    const parsed = domainName.safeParse(domain);
    if (!parsed.success) throw new ApiException(400, ApiErrorCode.InvalidBody, `domain: ${parsed.error.issues[0]!.message}`, 'domain');
    await this.domains.removeDomain(req.workspaceId, parsed.data);
  }
}
