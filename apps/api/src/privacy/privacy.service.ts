import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LIVE_STORE, type LiveStore, MINUTE_MS } from '../live-store/live-store';
import type { AuditActor } from '../workspaces/principal';
import { type ContactRef, contactFingerprint } from './contact';
import { ContactDataRepository } from './contact-data.repository';

/** A message's events in order: the contact's journey through one send. */
export interface MessageJourney {
  messageId: string | null;
  campaignId: string | null;
  steps: { type: string; occurredAt: string; verdict: string }[];
}

export interface ContactExport {
  contact: ContactRef;
  exportedAt: string;
  events: Record<string, unknown>[];
  messages: Record<string, unknown>[];
  journeys: MessageJourney[];
  deadLetters: Record<string, unknown>[];
  dailySummaries: Record<string, unknown>[];
  /** Event-triggered notification messages about the contact (docs/notifications.md). */
  notifications: Record<string, unknown>[];
  /** The live store keeps, per minute of the last LIVE_WINDOW_HOURS, which contacts were active: these minutes hold this one. */
  live: { windowHours: number; activeMinutes: string[] };
}

export interface ContactErasure {
  contact: ContactRef;
  erasedAt: string;
  erased: { events: number; messages: number; deadLetters: number; dailySummaries: number; notifications: number; liveMinutes: number };
  /** False when the live store could not be reached: its minutes still count the contact until they expire. */
  liveStoreUpdated: boolean;
}

/**
 * Privacy requests for one contact (GDPR access and erasure): everything Mailpulse keeps about them, and erasing
 * it from raw events, message states, dead letters, daily aggregates, notification messages and the live store. Rollups hold only counts
 * and stay. Each request is written to the audit log with a hash of the contact, never the address.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger('privacy');

  constructor(
    private readonly repository: ContactDataRepository,
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async exportContact(workspaceId: string, contact: ContactRef, actor: AuditActor): Promise<ContactExport> {
    const records = await this.repository.find(workspaceId, contact);
    const since = Date.now() - this.config.LIVE_WINDOW_HOURS * 3_600_000;
    const activeMinutes = new Set<number>();
    for (const e of records.events) {
      const at = (e['occurredAt'] as Date).getTime();
      const namesContact = (contact.email !== null && e['contactEmail'] === contact.email) || (contact.externalId !== null && e['contactExternalId'] === contact.externalId);
      if (at >= since && namesContact) activeMinutes.add(at - (at % MINUTE_MS));
    }
    await this.repository.recordExport(workspaceId, actor, {
      contact: `contact:${contactFingerprint(contact)}`,
      events: records.events.length,
      messages: records.messages.length,
    });
    return {
      contact,
      exportedAt: new Date().toISOString(),
      ...records,
      journeys: journeysOf(records.events),
      live: { windowHours: this.config.LIVE_WINDOW_HOURS, activeMinutes: [...activeMinutes].sort((a, b) => a - b).map((m) => new Date(m).toISOString()) },
    };
  }

  async eraseContact(workspaceId: string, contact: ContactRef, actor: AuditActor): Promise<ContactErasure> {
    const erased = await this.repository.erase(workspaceId, contact, { actor, details: { contact: `contact:${contactFingerprint(contact)}` } });
    // The live store's per-minute contact sets cannot drop one member: the minutes the contact was in are rebuilt
    // from what PostgreSQL still holds. (Its per-minute counts are only numbers, like the rollups, and stay.)
    const since = Date.now() - this.config.LIVE_WINDOW_HOURS * 3_600_000;
    const liveMinutes = erased.eventMinutes.filter((m) => m >= since - MINUTE_MS);
    let liveStoreUpdated = true;
    try {
      for (const minute of liveMinutes) await this.live.replaceContacts(workspaceId, minute, await this.repository.contactsInMinute(workspaceId, minute));
    } catch (err) {
      liveStoreUpdated = false;
      this.logger.warn(`live store not updated after an erase: ${(err as Error).message}`);
    }
    const counts = { events: erased.events, messages: erased.messages, deadLetters: erased.deadLetters, dailySummaries: erased.dailySummaries, notifications: erased.notifications };
    return { contact, erasedAt: new Date().toISOString(), erased: { ...counts, liveMinutes: liveMinutes.length }, liveStoreUpdated };
  }
}

function journeysOf(events: Record<string, unknown>[]): MessageJourney[] {
  const byMessage = new Map<string, MessageJourney>();
  for (const e of events) {
    const messageId = (e['messageId'] as string | null) ?? null;
    const key = messageId ?? '';
    let journey = byMessage.get(key);
    if (!journey) {
      journey = { messageId, campaignId: (e['campaignId'] as string | null) ?? null, steps: [] };
      byMessage.set(key, journey);
    }
    journey.campaignId ??= (e['campaignId'] as string | null) ?? null;
    journey.steps.push({ type: e['type'] as string, occurredAt: (e['occurredAt'] as Date).toISOString(), verdict: e['verdict'] as string });
  }
  return [...byMessage.values()];
}
