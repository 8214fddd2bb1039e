/** A small binary min-heap of objects by time, ties broken by insertion order so output is deterministic. */
export class TimedQueue<T extends { readonly atMs: number }> {
  private readonly items: { item: T; seq: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items.length === 0
      ? Number.POSITIVE_INFINITY
      : this.items[0].item.atMs;
  }

  push(item: T): void {
    const entry = { item, seq: this.seq++ };
    const items = this.items;
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = entry;
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child =
          right < items.length && before(items[right], items[left])
            ? right
            : left;
        if (!before(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top.item;
  }
}

function before(
  a: { item: { atMs: number }; seq: number },
  b: { item: { atMs: number }; seq: number },
): boolean {
  return (
    a.item.atMs < b.item.atMs || (a.item.atMs === b.item.atMs && a.seq < b.seq)
  );
}
