import { eventSchema } from '@mailpulse/contracts';
import { createLiveSimulator } from './live-simulator';

describe('createLiveSimulator', () => {
  const t0 = Date.parse('2026-05-04T09:00:00Z');

  function stream(
    seed: number,
    startMs: number,
    batches: number,
    count: number,
  ) {
    const live = createLiveSimulator({ seed, contacts: 3000 });
    const out = [];
    for (let i = 0; i < batches; i++) {
      const batchAt = new Date(startMs + i * 1000);
      out.push({
        batchAt: batchAt.getTime(),
        events: live.nextWithTruth(batchAt, count),
      });
    }
    return { live, out };
  }

  const { out, live } = stream(3, t0, 20, 400);

  it('makes about `count` valid events per slice, stamped between the previous slice and this one', () => {
    let previous = t0 - 1000;
    for (const { batchAt, events } of out) {
      expect(events.length).toBeGreaterThan(340);
      expect(events.length).toBeLessThan(460);
      const wrong = events.filter(({ event, truth }) => {
        const at = Date.parse(event.occurredAt);
        const inSlice =
          at <= batchAt && (truth.late || truth.duplicate || at >= previous);
        return !inSlice || !eventSchema.safeParse(event).success;
      });
      expect(wrong).toEqual([]);
      previous = batchAt;
    }
  });

  it('has campaigns sending and readers opening and clicking from the first seconds', () => {
    const types = new Set(
      out.flatMap((b) => b.events.map((e) => e.event.type)),
    );
    for (const type of [
      'campaign.started',
      'email.sent',
      'email.delivered',
      'email.opened',
      'email.clicked',
    ])
      expect(types).toContain(type);
    expect(live.groundTruth().campaigns.length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for a seed and start, and never reuses ids across restarts', () => {
    const ids = (startMs: number) =>
      stream(9, startMs, 3, 200).out.flatMap((b) =>
        b.events.map((e) => e.event.id),
      );
    expect(ids(t0)).toEqual(ids(t0));
    const later = new Set(ids(t0 + 60_000));
    expect(ids(t0).some((id) => later.has(id))).toBe(false);
  });

  it('rejects a bad count or date', () => {
    const live = createLiveSimulator({ contacts: 100 });
    expect(() => live.next(new Date(Number.NaN), 10)).toThrow(/batchAt/);
    expect(() => live.next(new Date(t0), -1)).toThrow(/count/);
  });
});
