import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeadLetterResponse } from '@mailpulse/contracts';
import { z } from 'zod';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { cursor, id, intParam } from '../query/analytics-query';
import { DeadLettersService } from './dead-letters.service';

const deadLetterQuery = z.strictObject({
  source: id.optional(),
  limit: intParam(1, 500, 100),
  cursor,
});

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/dead-letters')
@Access({ scope: 'read', role: 'viewer' })
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({
    summary:
      'Rejected payloads with the reason, newest first (?source=&limit=&cursor=)',
  })
  list(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<DeadLetterResponse> {
    return this.deadLetters.page(
      req.workspaceId,
      parseBody(deadLetterQuery, query, 'query'),
    );
  }
}
