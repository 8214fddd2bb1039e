import { GroupCommitWriter, GroupStore } from './group-commit.writer';
import type { EnrichedEvent } from './pipeline/pipeline.types';

const event = (id: string, t = 0, workspaceId = 'w'): EnrichedEvent =>
  ({ workspaceId, id, occurredAt: new Date(t), type: 'email.sent' }) as EnrichedEvent;

/** A store that records each group and treats previously written keys as duplicates. */
class RecordingStore implements GroupStore {
  groups: string[][] = [];
  private readonly stored = new Set<string>();
  failNext?: unknown;
  release?: () => void;
  gate?: Promise<void>;

  async writeGroup(events: readonly EnrichedEvent[]): Promise<Set<number>> {
    if (this.gate) await this.gate;
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    this.groups.push(events.map((e) => e.id));
    const inserted = new Set<number>();
    events.forEach((e, i) => {
      const key = `${e.workspaceId}|${e.id}|${e.occurredAt.getTime()}`;
      if (!this.stored.has(key)) {
        this.stored.add(key);
        inserted.add(i);
      }
    });
    return inserted;
  }
}

describe('GroupCommitWriter', () => {
  it('writes requests that queue up during a write as one group, sorted by key', async () => {
    const store = new RecordingStore();
    let open!: () => void;
    store.gate = new Promise((r) => (open = r));
    const committed: string[] = [];
    const writer = new GroupCommitWriter(store, { maxEvents: 100, concurrency: 1, onCommitted: (e) => committed.push(...e.map((x) => x.id)) });
    const first = writer.submit([event('a')], []);
    const second = writer.submit([event('c'), event('b')], []);
    const third = writer.submit([event('d')], []);
    open();
    store.gate = undefined;
    expect(await Promise.all([first, second, third])).toEqual([[true], [true, true], [true]]);
    expect(store.groups).toEqual([['a'], ['b', 'c', 'd']]);
    expect(committed.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports repeats inside a group and of stored events as duplicates', async () => {
    const store = new RecordingStore();
    const writer = new GroupCommitWriter(store, { maxEvents: 100, concurrency: 1, onCommitted: () => undefined });
    expect(await writer.submit([event('x'), event('x'), event('x', 5)], [])).toEqual([true, false, true]);
    expect(await writer.submit([event('x'), event('x', 0, 'other')], [])).toEqual([false, true]);
  });

  it('splits the queue into groups of at most maxEvents', async () => {
    const store = new RecordingStore();
    let open!: () => void;
    store.gate = new Promise((r) => (open = r));
    const writer = new GroupCommitWriter(store, { maxEvents: 3, concurrency: 1, onCommitted: () => undefined });
    const all = [writer.submit([event('a')], []), writer.submit([event('b'), event('c')], []), writer.submit([event('d'), event('e')], [])];
    open();
    store.gate = undefined;
    await Promise.all(all);
    expect(store.groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a deadlocked write and rejects every request of a group whose write fails', async () => {
    const store = new RecordingStore();
    const writer = new GroupCommitWriter(store, { maxEvents: 100, concurrency: 1, onCommitted: () => undefined });
    store.failNext = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    expect(await writer.submit([event('r')], [])).toEqual([true]);
    store.failNext = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    await expect(writer.submit([event('s')], [])).rejects.toThrow('connection refused');
    expect(await writer.submit([event('s')], [])).toEqual([true]);
  });
});
