import type { AnomalySpec } from './anomalies/anomaly';
import {
  byMessage,
  collectRun,
  distinctItems,
  domainOf,
  propertiesOf,
  TEST_END,
  timeOf,
} from './testing/collected-run';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (daysBeforeEnd: number) =>
  new Date(TEST_END.getTime() - daysBeforeEnd * DAY);
const window = (daysBeforeEnd: number, hours: number) => ({
  start: at(daysBeforeEnd),
  end: new Date(at(daysBeforeEnd).getTime() + hours * HOUR),
});

const ANOMALIES: AnomalySpec[] = [
  { kind: 'bounce-spike', domain: 'yahoo.com', ...window(17, 6) },
  { kind: 'dkim-break', domain: 'gmail.com', ...window(14, 8) },
  { kind: 'complaint-surge', ...window(10, 6) },
  { kind: 'smtp-outage', ...window(6, 1) },
  { kind: 'volume-drop', ...window(3, 4) },
];

describe('anomalies', () => {
  const { items, truth } = collectRun({
    seed: 17,
    days: 20,
    contacts: 3000,
    anomalies: ANOMALIES,
  });
  const distinct = distinctItems(items);
  const messages = [...byMessage(distinct).values()];
  const windowOf = (kind: string) => {
    const anomaly = truth.anomalies.find((a) => a.kind === kind);
    if (anomaly === undefined) throw new Error(`no ${kind} in the truth`);
    return { start: Date.parse(anomaly.start), end: Date.parse(anomaly.end) };
  };
  const inside = (ms: number, w: { start: number; end: number }) =>
    ms >= w.start && ms < w.end;

  it('reports every anomaly with its window and label in the ground truth', () => {
    expect(truth.anomalies.map((a) => a.kind)).toEqual(
      ANOMALIES.map((a) => a.kind),
    );
    for (const [i, anomaly] of truth.anomalies.entries()) {
      expect(anomaly.start).toBe(ANOMALIES[i].start.toISOString());
      expect(anomaly.end).toBe(ANOMALIES[i].end.toISOString());
      expect(anomaly.label.length).toBeGreaterThan(5);
    }
    expect(truth.anomalies[0].label).toContain('yahoo.com');
  });

  it('bounce spike: yahoo.com bounces far more for mail sent in the window, and only there', () => {
    const w = windowOf('bounce-spike');
    const stats = {
      in: { sent: 0, bounced: 0 },
      out: { sent: 0, bounced: 0 },
      otherIn: { sent: 0, bounced: 0 },
    };
    for (const events of messages) {
      const sent = events.find((e) => e.event.type === 'email.sent');
      if (sent === undefined) continue;
      const bucket =
        domainOf(sent.event) !== 'yahoo.com'
          ? inside(timeOf(sent.event), w)
            ? stats.otherIn
            : undefined
          : inside(timeOf(sent.event), w)
            ? stats.in
            : stats.out;
      if (bucket === undefined) continue;
      bucket.sent++;
      if (events.some((e) => e.event.type === 'email.bounced'))
        bucket.bounced++;
    }
    expect(stats.in.sent).toBeGreaterThan(50);
    expect(stats.in.bounced / stats.in.sent).toBeGreaterThan(0.2);
    expect(stats.out.bounced / stats.out.sent).toBeLessThan(0.04);
    expect(stats.otherIn.bounced / stats.otherIn.sent).toBeLessThan(0.05);
  });

  it('DKIM break: gmail.com opens collapse for mail delivered in the window, and DNS reports it', () => {
    const w = windowOf('dkim-break');
    const rate = {
      in: { delivered: 0, opened: 0 },
      out: { delivered: 0, opened: 0 },
    };
    for (const events of messages) {
      const delivered = events.find((e) => e.event.type === 'email.delivered');
      if (delivered === undefined || domainOf(delivered.event) !== 'gmail.com')
        continue;
      const bucket = inside(timeOf(delivered.event), w) ? rate.in : rate.out;
      bucket.delivered++;
      if (
        events.some(
          (e) => e.event.type === 'email.opened' && e.truth.label === 'human',
        )
      )
        bucket.opened++;
    }
    expect(rate.in.delivered).toBeGreaterThan(100);
    expect(rate.in.opened / rate.in.delivered).toBeLessThan(
      0.3 * (rate.out.opened / rate.out.delivered),
    );
    const broken = distinct.filter(
      (e) =>
        e.event.type === 'infra.dns' &&
        propertiesOf(e.event).status === 'broken',
    );
    expect(broken.length).toBeGreaterThan(0);
    for (const e of broken) expect(inside(timeOf(e.event), w)).toBe(true);
  });

  it('complaint surge: complaints per delivery jump for mail delivered in the window', () => {
    const w = windowOf('complaint-surge');
    const rate = {
      in: { delivered: 0, complained: 0 },
      out: { delivered: 0, complained: 0 },
    };
    for (const events of messages) {
      const delivered = events.find((e) => e.event.type === 'email.delivered');
      if (delivered === undefined) continue;
      const bucket = inside(timeOf(delivered.event), w) ? rate.in : rate.out;
      bucket.delivered++;
      if (events.some((e) => e.event.type === 'email.complained'))
        bucket.complained++;
    }
    expect(rate.in.delivered).toBeGreaterThan(500);
    expect(rate.in.complained / rate.in.delivered).toBeGreaterThan(
      5 * (rate.out.complained / rate.out.delivered),
    );
  });

  it('SMTP outage: infra.smtp fails every minute in the window, and mail sent then is deferred until it ends', () => {
    const w = windowOf('smtp-outage');
    const failures = distinct.filter(
      (e) =>
        e.event.type === 'infra.smtp' &&
        propertiesOf(e.event).ok === false &&
        String(propertiesOf(e.event).error).includes('ETIMEDOUT'),
    );
    expect(failures.length).toBeGreaterThanOrEqual(2 * 55);
    for (const e of failures)
      expect(
        inside(timeOf(e.event), { start: w.start, end: w.end + 60_000 }),
      ).toBe(true);
    const deferred = messages.filter((events) =>
      events.some((e) => e.event.type === 'email.deferred'),
    );
    expect(deferred.length).toBeGreaterThan(100);
    for (const events of deferred) {
      const sent = events.find((e) => e.event.type === 'email.sent');
      if (sent !== undefined) expect(inside(timeOf(sent.event), w)).toBe(true);
      const delivered = events.find((e) => e.event.type === 'email.delivered');
      if (delivered !== undefined)
        expect(timeOf(delivered.event)).toBeGreaterThanOrEqual(w.end);
    }
  });

  it('volume drop: far fewer events arrive in the window than in the hours before it', () => {
    const w = windowOf('volume-drop');
    const length = w.end - w.start;
    const during = distinct.filter((e) => inside(timeOf(e.event), w)).length;
    const before = distinct.filter((e) =>
      inside(timeOf(e.event), { start: w.start - length, end: w.start }),
    ).length;
    expect(before).toBeGreaterThan(500);
    expect(during).toBeLessThan(0.5 * before);
  });
});
