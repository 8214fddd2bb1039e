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
}
