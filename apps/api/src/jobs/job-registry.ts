import { Injectable } from '@nestjs/common';
import type { JobDefinition } from './job-definition';
import { cronProblem } from './job-schedule';

/**
 * Where features register their scheduled jobs (usually in `onModuleInit`); the JobRunner runs them.
 * `register` throws on a bad cron expression, time zone or a duplicate name, so a mistake stops start-up.
 */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<string, JobDefinition>();

  register(job: JobDefinition): void {
    if (!/^[A-Za-z0-9._:-]{1,200}$/.test(job.name)) throw new Error(`job name "${job.name}" must be 1-200 letters, digits or . _ : -`);
    if (this.jobs.has(job.name)) throw new Error(`job "${job.name}" is already registered`);
    const problem = cronProblem(job.cron, job.timeZone);
    if (problem) throw new Error(`job "${job.name}": cron "${job.cron}" in ${job.timeZone}: ${problem}`);
    this.jobs.set(job.name, job);
  }

  /** Removes a job (e.g. a workspace's report schedule that was deleted); its past runs stay recorded. */
  unregister(name: string): boolean {
    return this.jobs.delete(name);
  }

  get(name: string): JobDefinition | undefined {
    return this.jobs.get(name);
  }

  all(): JobDefinition[] {
    return [...this.jobs.values()];
  }
}
