/**
 * A min-heap of message cursors (time, campaign, contact, step) kept in typed arrays.
 *
 * A campaign to a million contacts leaves a million messages with events still to come (opens days
 * later); as objects that would be gigabytes, as four numbers each it is a few dozen megabytes. The
 * message's events are re-derived from its seed when its cursor comes up.
 */
export class CursorHeap {
  private times = new Float64Array(1024);
  private campaigns = new Int32Array(1024);
  private contacts = new Int32Array(1024);
  private steps = new Int32Array(1024);
  private length = 0;

  get size(): number {
    return this.length;
  }

  /** Time of the earliest cursor, or +Infinity when empty. */
  peekTime(): number {
    return this.length === 0 ? Number.POSITIVE_INFINITY : this.times[0];
  }

  push(timeMs: number, campaign: number, contact: number, step: number): void {
    if (this.length === this.times.length) this.grow();
    let i = this.length++;
    // Sift up: move parents down until the new cursor's place is found.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= timeMs) break;
      this.copy(parent, i);
      i = parent;
    }
    this.set(i, timeMs, campaign, contact, step);
  }

  /** Removes the earliest cursor and writes it to `out`; false when empty. */
  pop(out: {
    timeMs: number;
    campaign: number;
    contact: number;
    step: number;
  }): boolean {
    if (this.length === 0) return false;
    out.timeMs = this.times[0];
    out.campaign = this.campaigns[0];
    out.contact = this.contacts[0];
    out.step = this.steps[0];
    const last = --this.length;
    if (last === 0) return true;
    const timeMs = this.times[last];
    const campaign = this.campaigns[last];
    const contact = this.contacts[last];
    const step = this.steps[last];
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child =
        right < last && this.times[right] < this.times[left] ? right : left;
      if (this.times[child] >= timeMs) break;
      this.copy(child, i);
      i = child;
    }
    this.set(i, timeMs, campaign, contact, step);
    return true;
  }

  private set(
    i: number,
    timeMs: number,
    campaign: number,
    contact: number,
    step: number,
  ): void {
    this.times[i] = timeMs;
    this.campaigns[i] = campaign;
    this.contacts[i] = contact;
    this.steps[i] = step;
  }

  private copy(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.campaigns[to] = this.campaigns[from];
    this.contacts[to] = this.contacts[from];
    this.steps[to] = this.steps[from];
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const campaigns = new Int32Array(capacity);
    campaigns.set(this.campaigns);
    const contacts = new Int32Array(capacity);
    contacts.set(this.contacts);
    const steps = new Int32Array(capacity);
    steps.set(this.steps);
    this.times = times;
    this.campaigns = campaigns;
    this.contacts = contacts;
    this.steps = steps;
  }
}
