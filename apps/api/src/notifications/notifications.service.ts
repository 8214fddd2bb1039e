import { Injectable } from '@nestjs/common';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';
import type { AuditActor } from '../workspaces/principal';
import type { CreateNotificationRuleBody, DeliveriesQuery, UpdateNotificationRuleBody } from './dto/notification-rule.dto';
import { NotificationDelivery } from './notification-delivery.service';
import { matchedEventOf } from './notification.dispatcher';
import type { FilterCondition } from './notification-filter';
import { compileRule, matchEvent } from './notification-matcher';
import type { MatchPayload } from './notification-message';
import type { NotificationRule } from './notification-rule';
import { NotificationRuleCache } from './notification-rule.cache';
import { type DeliveryView, NotificationRepository, type RateWindowView } from './notification.repository';

function notFound(): ApiException {
  return new ApiException(404, ApiErrorCode.NotFound, 'id: no notification rule with this id in the workspace', 'id');
}

function sampleValue(c: FilterCondition): unknown {
  switch (c.op) {
    case 'eq':
    case 'contains':
      return c.value;
    case 'in':
      return c.value[0];
    case 'exists':
      return c.value ? 'sample' : undefined;
    case 'gt':
      return c.value + 1;
    case 'lt':
      return c.value - 1;
    case 'neq':
      return typeof c.value === 'string' ? `not ${c.value}` : undefined;
  }
}

/** An event of the rule's first type that meets its conditions where a sample can (for POST …/test). */
export function sampleEventFor(rule: NotificationRule, now: Date): EnrichedEvent {
  const e: EnrichedEvent = {
    index: 0,
    workspaceId: rule.workspaceId,
    id: `sample-${now.getTime().toString(36)}`,
    type: rule.filter.types[0]!,
    occurredAt: now,
    receivedAt: now,
    campaignId: 'sample-campaign',
    messageId: 'sample-message',
    contactEmail: 'contact@example.com',
    contactExternalId: null,
    recipientDomain: 'example.com',
    variant: null,
    verdict: rule.filter.verdicts.includes('human') ? 'human' : rule.filter.verdicts[0]!,
    verdictReasons: [],
    amount: null,
    bounceClass: null,
    client: null,
    os: null,
    device: null,
    properties: {},
  };
  for (const c of rule.filter.conditions) {
    const value = sampleValue(c);
    if (value === undefined) continue;
    const [head, ...rest] = c.path.split('.');
    if (head === 'properties') {
      let target = e.properties;
      rest.slice(0, -1).forEach((key) => (target = (target[key] ??= {}) as Record<string, unknown>));
      target[rest.at(-1)!] = value;
    } else if (head === 'campaignId' || head === 'messageId' || head === 'recipientDomain' || head === 'variant' || head === 'client' || head === 'os' || head === 'device') {
      e[head] = String(value);
    } else if (c.path === 'contact.email') {
      e.contactEmail = String(value);
    } else if (c.path === 'contact.externalId') {
      e.contactExternalId = String(value);
    }
  }
  return e;
}

/** Notification rules of one workspace: management, their deliveries, and test messages. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly cache: NotificationRuleCache,
    private readonly delivery: NotificationDelivery,
  ) {}

  list(workspaceId: string): Promise<NotificationRule[]> {
    return this.repository.list(workspaceId);
  }

  async get(workspaceId: string, id: string): Promise<NotificationRule> {
    const rule = await this.repository.get(workspaceId, id);
    if (!rule) throw notFound();
    return rule;
  }

  async create(workspaceId: string, body: CreateNotificationRuleBody, actor: AuditActor): Promise<NotificationRule> {
    await this.checkChannels(workspaceId, body.channelIds);
    const rule = await this.repository.create(workspaceId, body, actor);
    await this.cache.refresh();
    return rule;
  }

  async update(workspaceId: string, id: string, body: UpdateNotificationRuleBody, actor: AuditActor): Promise<NotificationRule> {
    const rule = await this.get(workspaceId, id);
    if (body.channelIds) await this.checkChannels(workspaceId, body.channelIds);
    const { rateLimit, ...rest } = body;
    const updated = await this.repository.update(workspaceId, id, { ...rest, ...(rateLimit ? { rateLimit: { ...rule.rateLimit, ...rateLimit } } : {}) }, actor);
    if (!updated) throw notFound();
    await this.cache.refresh();
    return updated;
  }

  async remove(workspaceId: string, id: string, actor: AuditActor): Promise<void> {
    if (!(await this.repository.remove(workspaceId, id, actor))) throw notFound();
    await this.cache.refresh();
  }

  async deliveries(workspaceId: string, id: string, query: DeliveriesQuery): Promise<{ deliveries: DeliveryView[]; limitedWindows: RateWindowView[] }> {
    await this.get(workspaceId, id);
    const [deliveries, limitedWindows] = await Promise.all([this.repository.listDeliveries(workspaceId, id, query), this.repository.listLimitedWindows(workspaceId, id, 20)]);
    return { deliveries, limitedWindows };
  }

  /** Sends a sample event's message through the rule's channels now (outside its rate limit); answers each first attempt. */
  async sendTest(workspaceId: string, id: string): Promise<{ deliveries: DeliveryView[] }> {
    const rule = await this.get(workspaceId, id);
    const event = sampleEventFor(rule, new Date());
    const payload: MatchPayload = { event: matchedEventOf(event), matched: matchEvent(compileRule(rule), event) ?? [], firstOccurrence: rule.firstOccurrence };
    const ids = await this.repository.queueTest(workspaceId, id, payload);
    if (ids.length === 0) {
      throw new ApiException(400, ApiErrorCode.InvalidBody, 'channelIds: none of the rule\'s alert channels exists and is enabled', 'channelIds');
    }
    await this.delivery.sendNow(ids);
    return { deliveries: await this.repository.listDeliveries(workspaceId, id, { limit: ids.length, ids }) };
  }

  private async checkChannels(workspaceId: string, ids: readonly string[]): Promise<void> {
    const unknown = await this.repository.unknownChannels(workspaceId, ids);
    if (unknown.length === 0) return;
    const field = `channelIds.${ids.indexOf(unknown[0]!)}`;
    throw new ApiException(400, ApiErrorCode.InvalidBody, `${field}: no alert channel with this id in the workspace`, field);
  }
}
