import { Injectable } from '@nestjs/common';
import { bestSendHour, type BestSendHour } from '@mailpulse/features';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { ModelRegistry } from './model-registry';
import { PredictionRepository } from './prediction.repository';

const DAY_MS = 86_400_000;
export const SEND_TIME_HISTORY_DAYS = 90;

export interface ContactSendTime extends BestSendHour {
  contact: string;
  recipientDomain: string | null;
  modelVersion: string;
}

export interface AudienceSendTime {
  campaignId: string;
  contacts: number;
  /** The hour most of the audience's best hours fall in: the one to send a single wave at. */
  bestHourUtc: number | null;
  /** How many contacts have each hour as their best (24 entries, UTC). */
  contactsByHour: number[];
  bySource: Record<string, number>;
  modelVersion: string;
}

@Injectable()
export class SendTimeService {
  constructor(
    private readonly data: PredictionRepository,
    private readonly models: ModelRegistry,
  ) {}

  /** The best hour (UTC) to send to one contact, from its own opens or, when they are few, its domain's or the workspace's. */
  async forContact(workspaceId: string, contactId: string, now = new Date()): Promise<ContactSendTime> {
    const contact = contactId.includes('@') ? contactId.trim().toLowerCase() : contactId;
    const since = new Date(now.getTime() - SEND_TIME_HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    const h = await this.data.openHourHistograms(workspaceId, contact, since);
    if (!h.known) throw new ApiException(404, ApiErrorCode.NotFound, `id: no contact "${contactId}" was mailed in the last ${SEND_TIME_HISTORY_DAYS} days`, 'id');
    const { params, version } = this.models.sendTimeParams();
    return { contact, recipientDomain: h.domain, ...bestSendHour(h.contact, h.segment, h.workspace, params), modelVersion: version };
  }

  /** Best hours over a campaign's audience: per hour, how many of its contacts are best reached then. */
  async forCampaignAudience(workspaceId: string, campaignId: string, now = new Date()): Promise<AudienceSendTime> {
    const since = new Date(now.getTime() - SEND_TIME_HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    const data = await this.data.campaignAudienceHours(workspaceId, campaignId, since);
    if (data.contacts.length === 0) throw new ApiException(404, ApiErrorCode.NotFound, `id: campaign "${campaignId}" has no recipients`, 'id');
    const { params, version } = this.models.sendTimeParams();
    const contactsByHour = new Array<number>(24).fill(0);
    const bySource: Record<string, number> = {};
    const empty = new Array<number>(24).fill(0);
    for (const c of data.contacts) {
      const best = bestSendHour(c.hours, data.domains.get(c.domain) ?? empty, data.workspace, params);
      contactsByHour[best.hourUtc]!++;
      bySource[best.source] = (bySource[best.source] ?? 0) + 1;
    }
    const top = Math.max(...contactsByHour);
    return { campaignId, contacts: data.contacts.length, bestHourUtc: top > 0 ? contactsByHour.indexOf(top) : null, contactsByHour, bySource, modelVersion: version };
  }
}
