/**
 * Events per second over the last `size` seconds, for the live sparkline. Pure: the stream feeds it deltas with
 * the time they arrived and the chart reads `points(now)`.
 */
export class LiveSeries {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly size = 60) {}

  add(count: number, at: number): void {
    const second = Math.floor(at / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + count);
    this.prune(second);
  }

  /** One `[epochMs, count]` per second, oldest first, ending at `now`; seconds without events are 0. */
  points(now: number): Array<[number, number]> {
    const end = Math.floor(now / 1000);
    this.prune(end);
    const out: Array<[number, number]> = [];
    for (let s = end - this.size + 1; s <= end; s++) out.push([s * 1000, this.buckets.get(s) ?? 0]);
    return out;
  }

  total(now: number): number {
    return this.points(now).reduce((sum, [, n]) => sum + n, 0);
  }

  clear(): void {
    this.buckets.clear();
  }

  private prune(latest: number): void {
    for (const s of this.buckets.keys()) if (s <= latest - this.size) this.buckets.delete(s);
  }
}
