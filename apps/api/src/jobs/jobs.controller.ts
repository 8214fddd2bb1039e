import { Controller, Get, Query, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import type { AuthenticatedRequest } from '../workspaces/principal';
import { jobRunsQuery } from './dto/job-runs.query';
import { JobRun, JobRunRepository } from './job-run.repository';

/** Recent scheduled job runs (nightly ETL, reports, …) with their outcome, newest first. */
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly runs: JobRunRepository) {}

  @Get('runs')
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest, @Query() query: unknown): Promise<{ runs: JobRun[] }> {
    const { job, limit } = parseBody(jobRunsQuery, query, 'query');
    return { runs: await this.runs.list(req.workspaceId, limit, job) };
  }
}
