import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { parseBody } from '../common/parse-body';
import type { AlertChannel, ChannelSettings } from './alert-channel.repository';
import { AlertChannelRepository } from './alert-channel.repository';
import type { IncidentView } from './alert-incident.repository';
import { AlertIncidentRepository } from './alert-incident.repository';
import type { AlertRule } from './alert-rule';
import { AlertRuleRepository } from './alert-rule.repository';
import type { CreateChannelBody } from './dto/alert-channel.dto';
import type { IncidentsQuery } from './dto/alert-history.dto';
import { type CreateRuleBody, definitionSchemas, type UpdateRuleBody } from './dto/alert-rule.dto';

/** A channel as the API shows it: webhook URLs and secrets are credentials, so only the host is shown. */
export interface ChannelView {
  id: string;
  kind: AlertChannel['kind'];
  name: string;
  enabled: boolean;
  target: string;
  createdAt: Date;
}

function channelView(c: AlertChannel): ChannelView {
  const target = 'recipients' in c.settings ? c.settings.recipients.join(', ') : new URL(c.settings.url).host;
  return { id: c.id, kind: c.kind, name: c.name, enabled: c.enabled, target, createdAt: c.createdAt };
}

function notFound(what: string, field: string): ApiException {
  return new ApiException(404, ApiErrorCode.NotFound, `${field}: no ${what} with this id in the workspace`, field);
}

/** Rule and channel management and the alert history of one workspace. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly rules: AlertRuleRepository,
    private readonly channels: AlertChannelRepository,
    private readonly incidents: AlertIncidentRepository,
  ) {}

  listRules(workspaceId: string): Promise<AlertRule[]> {
    return this.rules.list(workspaceId);
  }

  createRule(workspaceId: string, body: CreateRuleBody): Promise<AlertRule> {
    return this.rules.create(workspaceId, body);
  }

  async updateRule(workspaceId: string, id: string, body: UpdateRuleBody): Promise<AlertRule> {
    const rule = await this.rules.get(workspaceId, id);
    if (!rule) throw notFound('alert rule', 'id');
    const schema = z.object({ definition: definitionSchemas[rule.kind] as z.ZodType });
    const definition = body.definition === undefined ? undefined : (parseBody(schema, { definition: body.definition }).definition as AlertRule['definition']);
    const updated = await this.rules.update(workspaceId, id, { name: body.name, enabled: body.enabled, cooldownMinutes: body.cooldownMinutes, definition });
    if (!updated) throw notFound('alert rule', 'id');
    return updated;
  }

  async removeRule(workspaceId: string, id: string): Promise<void> {
    const rule = await this.rules.get(workspaceId, id);
    if (!rule) throw notFound('alert rule', 'id');
    if (rule.builtin) {
      throw new ApiException(400, ApiErrorCode.InvalidBody, 'id: a default rule cannot be deleted; set enabled to false to switch it off', 'id');
    }
    await this.rules.remove(workspaceId, id);
  }

  async listChannels(workspaceId: string): Promise<ChannelView[]> {
    return (await this.channels.list(workspaceId)).map(channelView);
  }

  async createChannel(workspaceId: string, body: CreateChannelBody): Promise<ChannelView> {
    const settings: ChannelSettings =
      body.kind === 'email' ? { recipients: body.recipients } : body.kind === 'slack' ? { url: body.url } : { url: body.url, secret: body.secret };
    return channelView(await this.channels.create(workspaceId, body.kind, body.name, settings));
  }

  async removeChannel(workspaceId: string, id: string): Promise<void> {
    if (!(await this.channels.remove(workspaceId, id))) throw notFound('alert channel', 'id');
  }

  listIncidents(workspaceId: string, query: IncidentsQuery): Promise<IncidentView[]> {
    return this.incidents.list(workspaceId, query);
  }

  async getIncident(workspaceId: string, id: string): Promise<IncidentView> {
    const incident = await this.incidents.get(workspaceId, id);
    if (!incident) throw notFound('alert', 'id');
    return incident;
  }
}
