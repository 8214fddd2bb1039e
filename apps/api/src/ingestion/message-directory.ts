import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { ValidEvent } from '@mailpulse/contracts';
import { EventRepository } from './event.repository';
import { MessageInfo, messageInfoOf } from './pipeline/enricher.step';
import type { EnrichedEvent } from './pipeline/pipeline.types';

/** Nothing more to learn about a message: campaign, recipient, variant and delivery time are all known. */
const isComplete = (m: MessageInfo) =>
  m.campaignId !== null && (m.contactEmail !== null || m.contactExternalId !== null) && m.variant !== null && m.deliveredAt !== null;

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

function merge(into: MessageInfo, from: MessageInfo): MessageInfo {
  return {
    campaignId: into.campaignId ?? from.campaignId,
    contactEmail: into.contactEmail ?? from.contactEmail,
    contactExternalId: into.contactExternalId ?? from.contactExternalId,
    recipientDomain: into.recipientDomain ?? from.recipientDomain,
    variant: into.variant ?? from.variant,
    deliveredAt: earliest(into.deliveredAt, from.deliveredAt),
  };
}

/**
 * Knows each message's campaign, recipient, variant and first delivery, so that an open or a click that
 * names only its message is counted under the right campaign, and can be judged by how soon after delivery it came. Looks in the same request first, then a cache of recently
 * stored messages, then the message-state table.
 */
@Injectable()
export class MessageDirectory {
  private readonly cache = new LRUCache<string, MessageInfo>({ max: 100_000 });

  constructor(private readonly events: EventRepository) {}

  async resolve(workspaceId: string, events: readonly ValidEvent[]): Promise<Map<string, MessageInfo>> {
    const known = new Map<string, MessageInfo>();
    for (const e of events) {
      if (!e.messageId) continue;
      const info = messageInfoOf(e);
      const prev = known.get(e.messageId);
      known.set(e.messageId, prev ? merge(prev, info) : info);
    }
    // The cache holds what the store knew (or learnt since) about a message, so a hit is the answer; a
    // message not in it is looked up unless the request alone already says everything.
    const missing: string[] = [];
    for (const [messageId, info] of known) {
      const cached = this.cache.get(`${workspaceId}|${messageId}`);
      if (cached) known.set(messageId, merge(info, cached));
      else if (!isComplete(info)) missing.push(messageId);
    }
    if (missing.length > 0) {
      const stored = await this.events.findMessages(workspaceId, missing);
      for (const messageId of missing) {
        const info = stored.get(messageId);
        if (info) known.set(messageId, merge(known.get(messageId)!, info));
        // A message the store does not know yet is not cached: another process may store it any moment.
        if (info) this.cache.set(`${workspaceId}|${messageId}`, info);
      }
    }
    return known;
  }

  /** Remembers the facts of stored events for later events of the same messages. */
  remember(events: readonly EnrichedEvent[]): void {
    for (const e of events) {
      if (!e.messageId) continue;
      const key = `${e.workspaceId}|${e.messageId}`;
      const seen = this.cache.get(key);
      if (seen && isComplete(seen)) continue;
      const info: MessageInfo = {
        campaignId: e.campaignId,
        contactEmail: e.contactEmail,
        contactExternalId: e.contactExternalId,
        recipientDomain: e.recipientDomain,
        variant: e.variant,
        deliveredAt: e.type === 'email.delivered' ? e.occurredAt.getTime() : null,
      };
      this.cache.set(key, seen ? merge(seen, info) : info);
    }
  }
}
