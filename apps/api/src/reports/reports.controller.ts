import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import type { AuthenticatedRequest } from '../workspaces/principal';
import { campaignIdParam, scheduleBody, scheduleId, summaryQuery } from './dto/report.dto';
import { ReportScheduleService, type ScheduleView } from './report-schedule.service';
import { type RenderedReport, ReportService } from './report.service';

function sendPdf(reply: FastifyReply, r: RenderedReport): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${r.filename}"`)
    .header('cache-control', 'no-store')
    .send(r.pdf);
}

/** PDF reports on demand (read key or viewer) and scheduled reports (listed to viewers, managed by admins). */
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportService,
    private readonly schedules: ReportScheduleService,
  ) {}

  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest): Promise<{ schedules: ScheduleView[] }> {
    return { schedules: await this.schedules.list(req.workspaceId) };
  }

  @Get('summary.pdf')
  @Access({ scope: 'read', role: 'viewer' })
  async summary(@Req() req: AuthenticatedRequest, @Query() query: unknown, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { from, to } = parseBody(summaryQuery, query, 'query');
    return sendPdf(reply, await this.reports.summary(req.workspaceId, from, to));
  }

  @Get('campaigns/:id.pdf')
  @Access({ scope: 'read', role: 'viewer' })
  async campaign(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendPdf(reply, await this.reports.campaign(req.workspaceId, parseBody(campaignIdParam, id, 'id')));
  }

  @Post('schedules')
  @Access({ role: 'admin' })
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<ScheduleView> {
    return this.schedules.create(req.workspaceId, parseBody(scheduleBody, body));
  }

  @Delete('schedules/:id')
  @HttpCode(204)
  @Access({ role: 'admin' })
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.schedules.remove(req.workspaceId, parseBody(scheduleId, id, 'id'));
  }
}
