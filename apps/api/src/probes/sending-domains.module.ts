import { Module } from '@nestjs/common';
import { ProbeStatusRepository } from './probe-status.repository';
import { SendingDomainRepository } from './sending-domain.repository';
import { SendingDomainService } from './sending-domain.service';

/** Sending domains and SMTP hosts with their statuses, without HTTP or probing, so the CLI can manage them. */
@Module({
  providers: [SendingDomainRepository, ProbeStatusRepository, SendingDomainService],
  exports: [SendingDomainRepository, ProbeStatusRepository, SendingDomainService],
})
export class SendingDomainsModule {}
