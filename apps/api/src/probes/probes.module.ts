import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { IngestionModule } from '../ingestion/ingestion.module';
import { DnsChecker } from './dns/dns.checker';
import { DnsLookup } from './dns/dns-lookup';
import { ProbeRunService } from './probe-run.service';
import { ProbeRunsController } from './probe-runs.controller';
import { ProbeScheduleRepository } from './probe-schedule.repository';
import { ProbeScheduler } from './probe.scheduler';
import { SendingDomainsController } from './sending-domains.controller';
import { SendingDomainsModule } from './sending-domains.module';
import { SmtpHostsController } from './smtp-hosts.controller';
import { SmtpProber } from './smtp/smtp.prober';

/** Infrastructure probes: sending-domain DNS checks and SMTP probes, on a schedule and on demand, as infra events. */
@Module({
  imports: [ScheduleModule.forRoot(), IngestionModule, SendingDomainsModule],
  controllers: [SendingDomainsController, SmtpHostsController, ProbeRunsController],
  providers: [DnsLookup, DnsChecker, SmtpProber, ProbeRunService, ProbeScheduleRepository, ProbeScheduler],
})
export class ProbesModule {}
