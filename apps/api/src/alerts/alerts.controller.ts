import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import type { AuthenticatedRequest } from '../workspaces/principal';
import type { IncidentView } from './alert-incident.repository';
import type { AlertRule } from './alert-rule';
import { AlertsService, type ChannelView } from './alerts.service';
import { channelId, createChannelBody } from './dto/alert-channel.dto';
import { incidentId, incidentsQuery } from './dto/alert-history.dto';
import { createRuleBody, ruleId, updateRuleBody } from './dto/alert-rule.dto';

/** The alert history: incidents newest first (`?status=firing|resolved&ruleId=&limit=`), one with its notifications. */
@Controller('v1/alerts')
@Access({ scope: 'read', role: 'viewer' })
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Query() query: unknown): Promise<{ alerts: IncidentView[] }> {
    return { alerts: await this.alerts.listIncidents(req.workspaceId, parseBody(incidentsQuery, query, 'query')) };
  }

  @Get(':id')
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<IncidentView> {
    return this.alerts.getIncident(req.workspaceId, parseBody(incidentId, id, 'id'));
  }
}

/** Alert rules: read by viewers and read keys, managed by admins. */
@Controller('v1/alert-rules')
export class AlertRulesController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest): Promise<{ rules: AlertRule[] }> {
    return { rules: await this.alerts.listRules(req.workspaceId) };
  }

  @Post()
  @Access({ role: 'admin' })
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<AlertRule> {
    return this.alerts.createRule(req.workspaceId, parseBody(createRuleBody, body));
  }

  @Patch(':id')
  @Access({ role: 'admin' })
  update(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.alerts.updateRule(req.workspaceId, parseBody(ruleId, id, 'id'), parseBody(updateRuleBody, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ role: 'admin' })
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.alerts.removeRule(req.workspaceId, parseBody(ruleId, id, 'id'));
  }
}

/** Where alerts are sent (email, Slack, signed webhook): listed to viewers without credentials, managed by admins. */
@Controller('v1/alert-channels')
export class AlertChannelsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  async list(@Req() req: AuthenticatedRequest): Promise<{ channels: ChannelView[] }> {
    return { channels: await this.alerts.listChannels(req.workspaceId) };
  }

  @Post()
  @Access({ role: 'admin' })
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<ChannelView> {
    return this.alerts.createChannel(req.workspaceId, parseBody(createChannelBody, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ role: 'admin' })
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.alerts.removeChannel(req.workspaceId, parseBody(channelId, id, 'id'));
  }
}
