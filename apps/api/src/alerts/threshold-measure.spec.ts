import type { ThresholdDefinition } from './dto/alert-rule.dto';
import { thresholdDefinition } from './dto/alert-rule.dto';
import { formatMetric, measure, observeThreshold, type WindowCounts } from './threshold-measure';

const from = new Date('2026-11-22T09:00:00Z');
const to = new Date('2026-11-22T10:00:00Z');
const counts = (c: Partial<WindowCounts> & { hard?: number }): WindowCounts => ({
  sent: c.sent ?? 1000,
  delivered: c.delivered ?? 1000,
  complaints: c.complaints ?? 0,
  unsubscribes: c.unsubscribes ?? 0,
  bounces: { hard: c.hard ?? 0, soft: 0, block: 0 },
});
const complaintDefault: ThresholdDefinition = thresholdDefinition.parse({ metric: 'complaint_rate', value: 0.001, criticalValue: 0.003, minimumVolume: 200 });

describe('measure', () => {
  it.each([
    ['complaint_rate', counts({ delivered: 800, complaints: 2 }), 0.0025],
    ['hard_bounce_rate', counts({ sent: 500, hard: 15 }), 0.03],
    ['delivery_rate', counts({ sent: 0, delivered: 0 }), null],
    ['sent', counts({ sent: 42 }), 42],
  ] as const)('%s', (metric, c, expected) => {
    expect(measure(metric, c)).toBe(expected);
  });
});

describe('observeThreshold (the complaint-rate default)', () => {
  it.each([
    ['under the warning level', counts({ delivered: 1000, complaints: 0 }), false, 'warning'],
    ['at 0.1 % warns', counts({ delivered: 1000, complaints: 1 }), true, 'warning'],
    ['at 0.3 % is critical', counts({ delivered: 1000, complaints: 3 }), true, 'critical'],
    ['too little volume never fires', counts({ sent: 199, delivered: 199, complaints: 50 }), false, 'warning'],
  ] as const)('%s', (_name, c, breached, severity) => {
    const o = observeThreshold(complaintDefault, c, from, to);
    expect(o.breached).toBe(breached);
    expect(o.severity).toBe(severity);
  });

  it('says what happened with the numbers and the window', () => {
    const o = observeThreshold(complaintDefault, counts({ sent: 1200, delivered: 1000, complaints: 4, hard: 3 }), from, to);
    expect(o.summary).toBe('Complaint rate 0.4 % ≥ 0.3 % over the last 60 min (1200 sent, 1000 delivered, 3 hard bounces, 4 complaints)');
    expect(o).toMatchObject({ value: 0.004, threshold: 0.003, volume: 1200, windowStart: from.toISOString(), windowEnd: to.toISOString() });
  });

  it('a lower-is-worse rule compares downwards', () => {
    const d = thresholdDefinition.parse({ metric: 'delivery_rate', comparator: 'lt', value: 0.95, criticalValue: 0.8 });
    expect(observeThreshold(d, counts({ sent: 100, delivered: 90 }), from, to)).toMatchObject({ breached: true, severity: 'warning' });
    expect(observeThreshold(d, counts({ sent: 100, delivered: 70 }), from, to)).toMatchObject({ breached: true, severity: 'critical' });
  });
});

describe('formatMetric', () => {
  it.each([
    ['complaint_rate', 0.001, '0.1 %'],
    ['complaint_rate', 0.0031, '0.31 %'],
    ['hard_bounce_rate', 0.05, '5 %'],
    ['bounce_rate', 0.125, '12.5 %'],
    ['sent', 200, '200'],
    ['complaint_rate', null, 'n/a'],
  ] as const)('%s %s → %s', (metric, value, text) => {
    expect(formatMetric(metric, value)).toBe(text);
  });
});

describe('thresholdDefinition', () => {
  it.each([
    [{ metric: 'open_rate', value: 1 }, 'metric'],
    [{ metric: 'sent', value: -1 }, 'value'],
    [{ metric: 'sent', value: 1, windowMinutes: 0 }, 'windowMinutes'],
    [{ metric: 'sent', value: 1, comparator: 'eq' }, 'comparator'],
    [{ metric: 'complaint_rate', value: 0.003, criticalValue: 0.001 }, 'criticalValue'],
    [{ metric: 'sent', value: 1, filter: { campaign: 'x' } }, 'filter'],
  ])('%j is refused on %s', (body, field) => {
    const r = thresholdDefinition.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(field);
  });
});
