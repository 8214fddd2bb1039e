import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EnrichedEvent } from '../ingestion/pipeline/pipeline.types';
import { RealtimeChannel, type RealtimeBatch } from '../ingestion/realtime.channel';
import { NotificationDelivery } from './notification-delivery.service';
import type { MatchedEvent } from './notification-message';
import { firstOccurrenceKey, type MatchedField, matchEvent } from './notification-matcher';
import type { NotificationRule } from './notification-rule';
import { NotificationRuleCache } from './notification-rule.cache';
import { NotificationRepository, type RuleMatches } from './notification.repository';

/** First-occurrence candidates kept per rule between writes (each must be claimed); the rest are only counted. */
const MAX_FIRST_CANDIDATES = 5000;
/** Properties larger than this (as JSON) are not copied into the delivery; the matched ones always are. */
const MAX_PROPERTIES_JSON = 4096;

export function matchedEventOf(e: EnrichedEvent): MatchedEvent {
  const json = JSON.stringify(e.properties);
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    campaignId: e.campaignId,
    messageId: e.messageId,
    contact: e.contactEmail || e.contactExternalId ? { email: e.contactEmail, externalId: e.contactExternalId } : null,
    verdict: e.verdict,
    properties: json.length <= MAX_PROPERTIES_JSON ? e.properties : null,
  };
}

/**
 * Matches every newly stored event against its workspace's notification rules, off the router's realtime
 * channel (after the group commit, never inside it), and writes the matches to the outbox in the background.
 * Matching is synchronous and cheap; what waits for the database is held in memory, bounded per rule: a rule
 * keeps at most as many matches as its rate limit lets through (first-occurrence rules a few thousand
 * candidates), the rest are counted into the rate-limit window and its summary.
 */
@Injectable()
export class NotificationDispatcher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private pending = new Map<string, RuleMatches>();
  private stopListening: (() => void) | null = null;
  private flushing: Promise<void> | null = null;
  private closing = false;

  constructor(
    private readonly channel: RealtimeChannel,
    private readonly cache: NotificationRuleCache,
    private readonly repository: NotificationRepository,
    private readonly delivery: NotificationDelivery,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.channel.subscribe((batch) => this.onStored(batch));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    this.closing = true;
    await this.flushing;
  }

  /** Resolves once every match seen so far is written (or, while closing, given up after one failed try). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private onStored(batch: RealtimeBatch): void {
    const rules = this.cache.rulesFor(batch.workspaceId);
    if (!rules || rules.length === 0) return;
    let added = false;
    for (const e of batch.events) {
      for (const compiled of rules) {
        const matched = matchEvent(compiled, e);
        if (matched && this.add(compiled.rule, e, matched)) added = true;
      }
    }
    if (added) this.flushing ??= this.flush().finally(() => (this.flushing = null));
  }

  private add(rule: NotificationRule, e: EnrichedEvent, matched: MatchedField[]): boolean {
    const firstKey = rule.firstOccurrence ? firstOccurrenceKey(rule.firstOccurrence, e) : null;
    // An event without a contact (or campaign) cannot be the first of one.
    if (rule.firstOccurrence && firstKey === null) return false;
    let entry = this.pending.get(rule.id);
    if (!entry) this.pending.set(rule.id, (entry = { rule, matches: [], overflow: 0 }));
    entry.rule = rule;
    const keep = rule.firstOccurrence ? MAX_FIRST_CANDIDATES : rule.rateLimit.count;
    if (entry.matches.length < keep) {
      entry.matches.push({ eventId: e.id, occurredAt: e.occurredAt, firstKey, payload: { event: matchedEventOf(e), matched, firstOccurrence: rule.firstOccurrence } });
    } else {
      entry.overflow++;
    }
    return true;
  }

  private async flush(): Promise<void> {
    let failures = 0;
    // Let the rest of this tick's batches join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const batches = [...this.pending.values()];
      this.pending = new Map();
      try {
        const r = await this.repository.recordMatches(batches);
        failures = 0;
        if (r.queued > 0) this.delivery.kick();
      } catch (err) {
        failures++;
        this.logger.warn(`notification matches not written (try ${failures}): ${(err as Error).message}`);
        if (this.closing) {
          this.logger.warn(`${batches.reduce((n, b) => n + b.matches.length + b.overflow, 0)} notification matches given up at shutdown`);
          return;
        }
        this.putBack(batches);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** failures)));
      }
    }
  }

  /** Returns unwritten matches to the front of the queue, within the same per-rule bounds. */
  private putBack(batches: readonly RuleMatches[]): void {
    for (const b of batches) {
      const newer = this.pending.get(b.rule.id);
      const matches = newer ? [...b.matches, ...newer.matches] : [...b.matches];
      const keep = b.rule.firstOccurrence ? MAX_FIRST_CANDIDATES : b.rule.rateLimit.count;
      const overflow = b.overflow + (newer?.overflow ?? 0) + Math.max(0, matches.length - keep);
      this.pending.set(b.rule.id, { rule: newer?.rule ?? b.rule, matches: matches.slice(0, keep), overflow });
    }
  }
}
