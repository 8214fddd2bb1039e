import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/api-key.guard';
import { ProbeRunReport, ProbeRunService } from './probe-run.service';

@Controller('v1/probes')
export class ProbeRunsController {
  constructor(private readonly runs: ProbeRunService) {}

  /** Probes the workspace's sending domains and SMTP hosts now and answers with the results. */
  @Post('run')
  @HttpCode(200)
  @Access({ scope: 'ingest', role: 'analyst' })
  run(@Req() req: AuthenticatedRequest): Promise<ProbeRunReport> {
    return this.runs.runWorkspace(req.workspaceId);
  }
}
