import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import type { AuthenticatedRequest } from '../workspaces/principal';
import { csvStream, type CsvExport } from './csv-export';
import { eventsExportQuery, noQuery, rangeExportQuery } from './dto/export-query.dto';
import { EXPORTS, type ExportDescription, ExportsService } from './exports.service';

function sendCsv<R>(reply: FastifyReply, e: CsvExport<R>): FastifyReply {
  const body = csvStream(e);
  // A client that disconnects mid-download ends the export (and its database cursor) at once.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) body.destroy();
  });
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${e.filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** CSV exports (read key or viewer), streamed: the first rows leave before the last are read. */
@Controller('v1/exports')
@Access({ scope: 'read', role: 'viewer' })
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get()
  list(): { exports: ExportDescription[] } {
    return { exports: EXPORTS };
  }

  @Get('events.csv')
  events(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): FastifyReply {
    return sendCsv(reply, this.exports.events(req.workspaceId, parseBody(eventsExportQuery, query, 'query')));
  }

  @Get('campaigns.csv')
  async campaigns(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    parseBody(noQuery, query, 'query');
    return sendCsv(reply, await this.exports.campaignMetrics(req.workspaceId));
  }

  @Get('contacts.csv')
  contacts(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): FastifyReply {
    return sendCsv(reply, this.exports.contactEngagement(req.workspaceId, parseBody(rangeExportQuery, query, 'query')));
  }

  @Get('bounces.csv')
  bounces(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): FastifyReply {
    return sendCsv(reply, this.exports.bounces(req.workspaceId, parseBody(rangeExportQuery, query, 'query')));
  }

  @Get('complaints.csv')
  complaints(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): FastifyReply {
    return sendCsv(reply, this.exports.complaints(req.workspaceId, parseBody(rangeExportQuery, query, 'query')));
  }
}
