import { createHash } from 'node:crypto';
import { eventSchema } from '@mailpulse/contracts';
import { ANOMALY_KINDS, type AnomalySpec } from './anomalies/anomaly';
import { simulate } from './simulate';
import { collectRun, distinctItems, TEST_END } from './testing/collected-run';

const HOUR = 3_600_000;

function digest(config: Parameters<typeof simulate>[0]): {
  hash: string;
  count: number;
} {
  const hash = createHash('sha256');
  let count = 0;
  for (const { event, truth } of simulate({ end: TEST_END, ...config })) {
    hash.update(JSON.stringify(event));
    hash.update(truth.label);
    count++;
  }
  return { hash: hash.digest('hex'), count };
}

function oneOfEachAnomaly(): AnomalySpec[] {
  return ANOMALY_KINDS.map((kind, i) => ({
    kind,
    start: new Date(TEST_END.getTime() - (8 - 1.5 * i) * 24 * HOUR),
    end: new Date(TEST_END.getTime() - (8 - 1.5 * i) * 24 * HOUR + 3 * HOUR),
  }));
}

describe('simulate', () => {
  const small = {
    days: 4,
    contacts: 500,
    duplicateRate: 0.02,
    outOfOrderRate: 0.05,
  };

  it('produces the same events, byte for byte, for the same seed', () => {
    const first = digest({ seed: 11, ...small });
    const second = digest({ seed: 11, ...small });
    expect(first.count).toBeGreaterThan(5000);
    expect(second).toEqual(first);
  });

  it('produces different events for a different seed', () => {
    expect(digest({ seed: 12, ...small }).hash).not.toEqual(
      digest({ seed: 11, ...small }).hash,
    );
  });

  it('gives every event a deterministic id of the form <prefix>-<n>', () => {
    const { items } = collectRun({ seed: 5, days: 2, contacts: 300 });
    for (const { event } of items) expect(event.id).toMatch(/^sim-5-\d+$/);
  });

  it('emits only events that pass the contracts schema, across every kind of traffic and anomaly', () => {
    const { items, truth } = collectRun({
      seed: 3,
      days: 10,
      contacts: 700,
      anomalies: oneOfEachAnomaly(),
    });
    const failures = items
      .map(({ event }) => ({ event, result: eventSchema.safeParse(event) }))
      .filter(({ result }) => !result.success)
      .slice(0, 3)
      .map(({ event, result }) => ({ event, issues: result.error?.issues }));
    expect(failures).toEqual([]);
    // The run covered the whole event model, so the check above means something.
    const types = Object.keys(truth.events.byType);
    for (const type of [
      'email.sent',
      'email.delivered',
      'email.deferred',
      'email.bounced',
      'email.opened',
      'email.clicked',
      'email.complained',
      'email.unsubscribed',
      'conversion',
      'campaign.created',
      'campaign.started',
      'campaign.stopped',
      'user.login',
      'user.action',
      'infra.smtp',
      'infra.dns',
      'infra.vps',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('puts messageId, campaignId and contact on every email event, and the variant on sent and delivered', () => {
    const { items } = collectRun({ seed: 4, days: 4, contacts: 600 });
    const email = items.filter(({ event }) => event.type.startsWith('email.'));
    expect(email.length).toBeGreaterThan(1000);
    for (const { event } of email) {
      expect(event.messageId).toBeDefined();
      expect(event.campaignId).toBeDefined();
      expect(event.contact?.email).toMatch(/@/);
      if (event.type === 'email.sent' || event.type === 'email.delivered')
        expect(['A', 'B']).toContain(event.properties?.variant);
    }
  });

  describe('duplicates and late events', () => {
    const { items, truth } = collectRun({
      seed: 21,
      days: 6,
      contacts: 1200,
      duplicateRate: 0.05,
      outOfOrderRate: 0.04,
    });

    it('re-sends duplicates with the same id and the same content', () => {
      const firstById = new Map<string, string>();
      const copies = new Map<string, number>();
      for (const { event } of items) {
        const json = JSON.stringify(event);
        const id = event.id as string;
        const first = firstById.get(id);
        if (first === undefined) firstById.set(id, json);
        else expect(json).toEqual(first);
        copies.set(id, (copies.get(id) ?? 0) + 1);
      }
      expect(Math.max(...copies.values())).toBe(2);
      expect(items.filter((i) => i.truth.duplicate)).toHaveLength(
        items.length - firstById.size,
      );
    });

    it('counts every distinct id once in the ground truth', () => {
      const distinct = distinctItems(items);
      const byType: Record<string, number> = {};
      for (const { event } of distinct)
        byType[event.type] = (byType[event.type] ?? 0) + 1;
      expect(truth.events.byType).toEqual(byType);
      expect(truth.events.distinct).toBe(
        new Set(items.map((i) => i.event.id)).size,
      );
      expect(truth.events.emitted).toBe(items.length);
      expect(truth.events.byLabel.human + truth.events.byLabel.machine).toBe(
        distinct.length,
      );
    });

    it('duplicates and delays about the configured shares', () => {
      expect(truth.events.duplicates / truth.events.distinct).toBeCloseTo(
        0.05,
        2,
      );
      expect(truth.events.outOfOrder / truth.events.distinct).toBeCloseTo(
        0.04,
        2,
      );
    });

    it('emits late events after events that happened later than them', () => {
      let latestSeen = 0;
      let behind = 0;
      for (const { event, truth: t } of items) {
        const at = Date.parse(event.occurredAt);
        if (at < latestSeen) {
          behind++;
          expect(t.late || t.duplicate).toBe(true);
        }
        latestSeen = Math.max(latestSeen, at);
      }
      expect(behind).toBeGreaterThan(0);
    });
  });

  it('refuses a bad configuration with a message that names the field', () => {
    expect(() => simulate({ contacts: 0 })).toThrow(/contacts/);
    expect(() => simulate({ duplicateRate: 2 })).toThrow(/duplicateRate/);
    expect(() => simulate({ audienceShare: [0.9, 0.2] })).toThrow(
      /audienceShare/,
    );
    expect(() =>
      simulate({
        anomalies: [{ kind: 'volume-drop', start: TEST_END, end: TEST_END }],
      }),
    ).toThrow(/anomalies\[0\]/);
  });

  it('can be iterated only once', () => {
    const run = simulate({ end: TEST_END, days: 1, contacts: 50 });
    expect([...run].length).toBeGreaterThan(0);
    expect(() => [...run]).toThrow(/only once/);
  });
});
