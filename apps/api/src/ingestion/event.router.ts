import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LIVE_STORE, LiveContact, LiveIncrement, LiveStore, MINUTE_MS } from '../live-store/live-store';
import { EventRepository } from './event.repository';
import { GroupCommitWriter } from './group-commit.writer';
import { MessageDirectory } from './message-directory';
import { PartitionManager } from './partition.manager';
import type { DeadLetter, EnrichedEvent } from './pipeline/pipeline.types';
import { RealtimeChannel } from './realtime.channel';

/** Live-store increments for the stored events that fall inside the live window. */
export function liveUpdatesFor(events: readonly EnrichedEvent[], since: number): { increments: LiveIncrement[]; contacts: LiveContact[] } {
  const counters = new Map<string, LiveIncrement>();
  const count = (workspaceId: string, campaignId: string, type: string, minute: number) => {
    const key = `${workspaceId}\u001f${campaignId}\u001f${minute}\u001f${type}`;
    const c = counters.get(key);
    if (c) c.count++;
    else counters.set(key, { workspaceId, campaignId, type, minute, count: 1 });
  };
  const contacts: LiveContact[] = [];
  const seenContacts = new Set<string>();
  for (const e of events) {
    const t = e.occurredAt.getTime();
    if (t < since) continue;
    const minute = t - (t % MINUTE_MS);
    count(e.workspaceId, '', e.type, minute);
    if (e.campaignId) count(e.workspaceId, e.campaignId, e.type, minute);
    const contactKey = e.contactEmail ?? e.contactExternalId;
    if (contactKey) {
      const seen = `${e.workspaceId}\u001f${minute}\u001f${contactKey}`;
      if (!seenContacts.has(seen)) {
        seenContacts.add(seen);
        contacts.push({ workspaceId: e.workspaceId, minute, contactKey });
      }
    }
  }
  return { increments: [...counters.values()], contacts };
}

/**
 * The router: writes raw events, rollups and message state durably through the group commit, then fans the
 * new events out to the live store (one pipeline per group) and the realtime channel.
 */
@Injectable()
export class EventRouter {
  private readonly writer: GroupCommitWriter;
  private readonly logger = new Logger('router');

  constructor(
    events: EventRepository,
    partitions: PartitionManager,
    private readonly directory: MessageDirectory,
    private readonly realtime: RealtimeChannel,
    @Inject(LIVE_STORE) private readonly live: LiveStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.writer = new GroupCommitWriter(events, {
      maxEvents: config.GROUP_COMMIT_MAX_EVENTS,
      concurrency: config.GROUP_COMMIT_CONCURRENCY,
      beforeWrite: (group) => partitions.ensureFor(group.map((e) => e.occurredAt)),
      onCommitted: (inserted) => this.fanOut(inserted),
    });
  }

  /** Resolves once the events and dead letters are committed; per event, whether it was new. */
  route(events: readonly EnrichedEvent[], deadLetters: readonly DeadLetter[]): Promise<boolean[]> {
    // Shed load rather than grow memory without bound when the database falls behind.
    if (this.writer.queuedEvents + events.length > this.config.GROUP_COMMIT_MAX_QUEUED_EVENTS) {
      throw new ApiException(503, ApiErrorCode.Unavailable, 'Ingestion is at capacity; retry shortly. Nothing in this request was stored.');
    }
    return this.writer.submit(events, deadLetters);
  }

  private fanOut(inserted: EnrichedEvent[]): void {
    this.directory.remember(inserted);
    const { increments, contacts } = liveUpdatesFor(inserted, Date.now() - this.config.LIVE_WINDOW_HOURS * 3_600_000);
    // The live store is a fast view rebuilt from Postgres when it was away; the ack never waits on it.
    this.live.apply(increments, contacts).catch((err: Error) => this.logger.warn(`live store update failed: ${err.message}`));
    this.realtime.publish(inserted);
  }
}
