import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { RetentionService } from './retention.service';

export const RETENTION_JOB = 'retention.daily';

/**
 * Registers the daily retention run with the job runner (03:45 UTC, once across API processes). The CLI builds
 * the retention module without the job runner: then there is nothing to register with.
 */
@Injectable()
export class RetentionSchedule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    @Optional() private readonly jobs?: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.jobs?.register({
      name: RETENTION_JOB,
      cron: '45 3 * * *',
      timeZone: 'UTC',
      catchUpHours: 48,
      // The slot, not the wall clock, sets the horizons: a re-run of the same slot deletes nothing more.
      run: async ({ slot }) => {
        const result = await this.retention.run(slot.getTime());
        return { rows: Object.values(result.eventsDeleted).reduce((a, b) => a + b, 0) };
      },
    });
  }
}
