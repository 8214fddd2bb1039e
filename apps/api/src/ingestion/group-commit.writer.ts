import { Logger } from '@nestjs/common';
import type { DeadLetter, EnrichedEvent } from './pipeline/pipeline.types';

export interface GroupStore {
  writeGroup(events: readonly EnrichedEvent[], deadLetters: readonly DeadLetter[]): Promise<Set<number>>;
}

export interface GroupCommitOptions {
  maxEvents: number;
  concurrency: number;
  /** Called with the events a group actually inserted, after its commit. */
  onCommitted: (inserted: EnrichedEvent[]) => void;
  /** Runs before each group's transaction (e.g. to create the partitions the group needs). */
  beforeWrite?: (events: readonly EnrichedEvent[]) => Promise<void>;
}

interface Pending {
  events: readonly EnrichedEvent[];
  deadLetters: readonly DeadLetter[];
  resolve: (inserted: boolean[]) => void;
  reject: (err: unknown) => void;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure

/**
 * Group commit: requests that arrive while a write is in flight are queued and then written together in
 * one transaction, so concurrent clients share one commit (and one fsync). Each request's promise settles
 * only after its own events are committed; nothing waits in memory unacknowledged past a crash.
 */
export class GroupCommitWriter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private queued = 0;
  private readonly logger = new Logger('group-commit');

  constructor(
    private readonly store: GroupStore,
    private readonly opts: GroupCommitOptions,
  ) {}

  /** Resolves with, per event, whether it was new (true) or a duplicate of a stored event (false). */
  submit(events: readonly EnrichedEvent[], deadLetters: readonly DeadLetter[]): Promise<boolean[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, deadLetters, resolve, reject });
      this.queued += events.length;
      this.drain();
    });
  }

  get queuedRequests(): number {
    return this.queue.length;
  }

  /** Events waiting for a group (not yet being written). */
  get queuedEvents(): number {
    return this.queued;
  }

  private drain(): void {
    while (this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      const group: Pending[] = [];
      let size = 0;
      while (this.queue.length > 0 && (group.length === 0 || size + this.queue[0]!.events.length <= this.opts.maxEvents)) {
        const next = this.queue.shift()!;
        size += next.events.length;
        this.queued -= next.events.length;
        group.push(next);
      }
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async flush(group: Pending[]): Promise<void> {
    // De-duplicate within the group: the first occurrence of a key is written, later ones are duplicates.
    const unique: EnrichedEvent[] = [];
    const slots: number[][] = group.map((p) => new Array<number>(p.events.length));
    const seen = new Map<string, number>();
    group.forEach((p, gi) =>
      p.events.forEach((e, ei) => {
        const key = `${e.workspaceId}\u001f${e.id}\u001f${e.occurredAt.getTime()}`;
        if (seen.has(key)) slots[gi]![ei] = -1;
        else {
          seen.set(key, unique.length);
          slots[gi]![ei] = unique.length;
          unique.push(e);
        }
      }),
    );
    // Key order keeps the lock order the same across concurrent groups.
    const order = unique.map((_, i) => i).sort((a, b) => compareEvents(unique[a]!, unique[b]!));
    const sorted = order.map((i) => unique[i]!);
    const positionOf = new Array<number>(unique.length);
    order.forEach((u, pos) => (positionOf[u] = pos));
    const deadLetters = group.flatMap((p) => p.deadLetters);

    try {
      if (this.opts.beforeWrite && sorted.length) await this.opts.beforeWrite(sorted);
      const inserted = await this.writeWithRetry(sorted, deadLetters);
      group.forEach((p, gi) => p.resolve(slots[gi]!.map((u) => u !== -1 && inserted.has(positionOf[u]!))));
      if (inserted.size > 0) {
        try {
          this.opts.onCommitted(sorted.filter((_, pos) => inserted.has(pos)));
        } catch (err) {
          this.logger.error(`post-commit hook failed: ${(err as Error).message}`);
        }
      }
    } catch (err) {
      for (const p of group) p.reject(err);
    }
  }

  private async writeWithRetry(events: EnrichedEvent[], deadLetters: DeadLetter[]): Promise<Set<number>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.writeGroup(events, deadLetters);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= 5) throw err;
        this.logger.warn(`group write attempt ${attempt} failed with ${code}; retrying`);
      }
    }
  }
}

function compareEvents(a: EnrichedEvent, b: EnrichedEvent): number {
  if (a.workspaceId !== b.workspaceId) return a.workspaceId < b.workspaceId ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.occurredAt.getTime() - b.occurredAt.getTime();
}
