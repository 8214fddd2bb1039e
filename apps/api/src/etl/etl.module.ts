import { Module } from '@nestjs/common';
import { EtlRepository } from './etl.repository';
import { EtlSchedule } from './etl.schedule';
import { NightlyEtlService } from './nightly-etl.service';

/** Nightly aggregates per campaign, contact and recipient domain (tables of migration 0008), on the job runner. */
@Module({
  providers: [EtlRepository, NightlyEtlService, EtlSchedule],
  exports: [NightlyEtlService, EtlRepository],
})
export class EtlModule {}
