import { Global, Module } from '@nestjs/common';
import { JobRegistry } from './job-registry';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job.runner';
import { JobsController } from './jobs.controller';

/** Scheduled jobs run once across API processes; any module injects JobRegistry to register its own. */
@Global()
@Module({
  controllers: [JobsController],
  providers: [JobRegistry, JobRunRepository, JobRunner],
  exports: [JobRegistry, JobRunner],
})
export class JobsModule {}
