import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BenchmarksResponse } from '@mailpulse/contracts';
import { parseBody } from '../../common/parse-body';
import { Access } from '../../auth/access.decorator';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { benchmarksQuery } from './benchmarks.query';
import { BenchmarksService } from './benchmarks.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/benchmarks')
@Access({ scope: 'read', role: 'viewer' })
export class BenchmarksController {
  constructor(private readonly benchmarks: BenchmarksService) {}

  @Get()
  @ApiOperation({
    summary:
      "The workspace's open, click, bounce, unsubscribe and complaint rates beside an industry's published benchmark (?industry=&from=&to=)",
  })
  get(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<BenchmarksResponse> {
    const q = parseBody(benchmarksQuery, query, 'query');
    return this.benchmarks.compare(req.workspaceId, q.industry, q.from, q.to);
  }
}
