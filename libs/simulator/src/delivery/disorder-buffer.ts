import { TimedQueue } from '../engine/timed-queue';
import type { SeededRandom } from '../random/seeded-random';

export interface DisorderOptions {
  /** Share of items that are released a second time, later, as the same item. */
  readonly duplicateRate: number;
  /** Share of items held back behind items that came after them. */
  readonly outOfOrderRate: number;
  /** Up to how many positions an item is held back. */
  readonly window: number;
}

export interface Released<T> {
  readonly item: T;
  readonly duplicate: boolean;
  /** Released after items that were pushed after it. */
  readonly late: boolean;
}

interface Slot<T> extends Released<T> {
  readonly atMs: number;
}

/**
 * Makes an ordered stream look like real ingestion traffic: some items arrive late, some twice
 * (a retried webhook keeps its id). Items go in with `push`, come out with `take` once their turn
 * has come, and `flush` empties the buffer at the end.
 */
export class DisorderBuffer<T> {
  private readonly queue = new TimedQueue<Slot<T>>();
  private position = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly options: DisorderOptions,
  ) {}

  push(item: T): void {
    const position = ++this.position;
    const late =
      this.options.outOfOrderRate > 0 &&
      this.random.chance(this.options.outOfOrderRate);
    this.queue.push({
      atMs: late
        ? position + 1 + this.random.int(this.options.window)
        : position,
      item,
      duplicate: false,
      late,
    });
    if (
      this.options.duplicateRate > 0 &&
      this.random.chance(this.options.duplicateRate)
    ) {
      this.queue.push({
        atMs: position + 1 + this.random.int(this.options.window),
        item,
        duplicate: true,
        late: false,
      });
    }
  }

  /** The next item whose turn has come, if any. */
  take(): Released<T> | undefined {
    return this.queue.peekTime() <= this.position
      ? this.queue.pop()
      : undefined;
  }

  /** Everything still held, in release order. */
  *flush(): Generator<Released<T>> {
    for (
      let slot = this.queue.pop();
      slot !== undefined;
      slot = this.queue.pop()
    )
      yield slot;
  }
}
