import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { NightlyEtlService } from './nightly-etl.service';

export const NIGHTLY_ETL_JOB = 'etl.nightly';

/** Registers the nightly ETL with the job runner: 02:15 UTC every day, catching up three missed nights. */
@Injectable()
export class EtlSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly etl: NightlyEtlService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: NIGHTLY_ETL_JOB, cron: '15 2 * * *', timeZone: 'UTC', catchUpHours: 72, run: ({ slot }) => this.etl.runForSlot(slot) });
  }
}
