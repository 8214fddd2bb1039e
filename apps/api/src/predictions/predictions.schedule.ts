import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { ModelRegistry } from './model-registry';

export const ANOMALY_JOB = 'anomalies.hourly';
export const MODEL_RELOAD_JOB = 'models.reload';

/** Scores each hour bucket two minutes after it closes (late events have mostly arrived) and picks up newly passed models. */
@Injectable()
export class PredictionsSchedule implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly detection: AnomalyDetectionService,
    private readonly models: ModelRegistry,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: ANOMALY_JOB, cron: '2 * * * *', timeZone: 'UTC', catchUpHours: 6, run: ({ slot }) => this.detection.scoreClosedBucket(slot) });
    this.jobs.register({
      name: MODEL_RELOAD_JOB,
      cron: '*/10 * * * *',
      timeZone: 'UTC',
      catchUpHours: 0,
      run: async () => ({ rows: Object.values(await this.models.reload()).filter(Boolean).length }),
    });
  }
}
