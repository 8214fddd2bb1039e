import { Injectable } from '@nestjs/common';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import type { SendingDomainBody, SmtpHostBody } from './dto/probe-targets.dto';
import { ProbeStatusRepository } from './probe-status.repository';
import { SendingDomain, SendingDomainRepository, SmtpHost } from './sending-domain.repository';
import { SendingDomainView, sendingDomainViews, SmtpHostView, smtpHostViews } from './sending-domain.view';

/** The sending domains and SMTP hosts a workspace has probed, and their current status. */
@Injectable()
export class SendingDomainService {
  constructor(
    private readonly targets: SendingDomainRepository,
    private readonly statuses: ProbeStatusRepository,
  ) {}

  addDomain(workspaceId: string, body: SendingDomainBody): Promise<{ created: boolean; domain: SendingDomain }> {
    return this.targets.upsertDomain(workspaceId, body.domain, body.dkimSelectors);
  }

  async listDomains(workspaceId: string): Promise<SendingDomainView[]> {
    const [domains, dnsStatuses, hosts] = await Promise.all([this.targets.listDomains(workspaceId), this.statuses.dnsStatuses(workspaceId), this.listHosts(workspaceId)]);
    return sendingDomainViews(domains, dnsStatuses, hosts);
  }

  async removeDomain(workspaceId: string, domain: string): Promise<void> {
    if (!(await this.targets.deleteDomain(workspaceId, domain))) {
      throw new ApiException(404, ApiErrorCode.NotFound, `${domain} is not a sending domain of this workspace`, 'domain');
    }
  }

  async addHost(workspaceId: string, body: SmtpHostBody): Promise<{ created: boolean; host: SmtpHost }> {
    if (body.domain !== undefined && !(await this.targets.domainExists(workspaceId, body.domain))) {
      throw new ApiException(400, ApiErrorCode.InvalidBody, `domain: ${body.domain} is not a sending domain of this workspace; add it first`, 'domain');
    }
    return this.targets.upsertHost(workspaceId, { host: body.host, port: body.port, expectStarttls: body.expectStarttls, domain: body.domain ?? null });
  }

  async listHosts(workspaceId: string): Promise<SmtpHostView[]> {
    const [hosts, statuses] = await Promise.all([this.targets.listHosts(workspaceId), this.statuses.smtpStatuses(workspaceId)]);
    return smtpHostViews(hosts, statuses);
  }

  async removeHost(workspaceId: string, host: string, port: number | null): Promise<void> {
    if ((await this.targets.deleteHost(workspaceId, host, port)) === 0) {
      const where = port === null ? host : `${host} port ${port}`;
      throw new ApiException(404, ApiErrorCode.NotFound, `${where} is not an SMTP host of this workspace`, 'host');
    }
  }
}
