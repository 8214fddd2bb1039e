import { SeededRandom } from '../random/seeded-random';
import { CursorHeap } from './cursor-heap';
import { TimedQueue } from './timed-queue';

describe('CursorHeap', () => {
  it('pops cursors in time order with their payload, growing past its initial size', () => {
    const heap = new CursorHeap();
    const random = new SeededRandom(3);
    const pushed: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(random.next() * 1e9);
      pushed.push(t);
      heap.push(t, i % 7, i, t % 5);
    }
    const out = { timeMs: 0, campaign: 0, contact: 0, step: 0 };
    const popped: number[] = [];
    while (heap.pop(out)) {
      popped.push(out.timeMs);
      expect(out.campaign).toBe(out.contact % 7);
      expect(out.step).toBe(out.timeMs % 5);
    }
    expect(popped).toEqual([...pushed].sort((a, b) => a - b));
    expect(heap.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('TimedQueue', () => {
  it('pops by time and keeps insertion order among equal times', () => {
    const queue = new TimedQueue<{ atMs: number; name: string }>();
    for (const [atMs, name] of [
      [5, 'e'],
      [1, 'a1'],
      [3, 'c'],
      [1, 'a2'],
      [1, 'a3'],
    ] as const)
      queue.push({ atMs, name });
    const names: string[] = [];
    for (let item = queue.pop(); item !== undefined; item = queue.pop())
      names.push(item.name);
    expect(names).toEqual(['a1', 'a2', 'a3', 'c', 'e']);
  });
});
