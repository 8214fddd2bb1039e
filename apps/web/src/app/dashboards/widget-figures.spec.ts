import type { TimeSeriesPoint } from '@mailpulse/contracts';
import { anomaliesWithin, bucketOf, filtersFor, kpiFigure, kpiReads, metricFormat, takesVerdict, timeseriesParams, verdictSplit, widgetWindow } from './widget-figures';

const HOUR = 3_600_000;
const pts = (split: number, before: number[], after: number[]): TimeSeriesPoint[] => [
  ...before.map((value, i) => ({ t: new Date(split - (before.length - i) * HOUR).toISOString(), value })),
  ...after.map((value, i) => ({ t: new Date(split + i * HOUR).toISOString(), value })),
];

describe('widget figures', () => {
  it.each([
    ['1h', 'minute'],
    ['24h', 'hour'],
    ['7d', 'hour'],
    ['30d', 'day'],
    ['90d', 'day'],
  ] as const)('reads %s in %s buckets', (range, bucket) => {
    expect(bucketOf(range)).toBe(bucket);
  });

  it('asks for the range and the one before it, ending with the bucket filling now', () => {
    const now = Date.parse('2025-05-10T12:34:56Z');
    const w = widgetWindow('24h', now);
    expect(w).toEqual({
      from: '2025-05-08T13:00:00.000Z',
      to: '2025-05-10T13:00:00.000Z',
      split: Date.parse('2025-05-09T13:00:00Z'),
      currentFrom: '2025-05-09T13:00:00.000Z',
      bucket: 'hour',
    });
  });

  it('sums a counted KPI over the range and the range before', () => {
    const split = Date.parse('2025-05-10T00:00:00Z');
    expect(kpiFigure('opens', { opens: pts(split, [1, 2], [3, 4, 5]) }, split)).toEqual({ current: 12, previous: 3 });
  });

  it('takes a rate KPI over the whole range, not as an average of the buckets', () => {
    const split = Date.parse('2025-05-10T00:00:00Z');
    // Buckets: 1/1 and 0/9 → 10 % over the range (the average of the bucket rates would say 50 %).
    const figure = kpiFigure('open_rate', { opens: pts(split, [0], [1, 0]), delivered: pts(split, [0], [1, 9]) }, split);
    expect(figure).toEqual({ current: 0.1, previous: null });
  });

  it.each([
    ['delivery_rate', ['delivered', 'sent']],
    ['click_to_open_rate', ['clicks', 'opens']],
    ['bounces', ['bounces']],
  ] as const)('a %s KPI reads %o', (metric, reads) => {
    expect(kpiReads(metric)).toEqual(reads);
  });

  it.each([
    ['open_rate', 'rate'],
    ['revenue', 'money'],
    ['sent', 'count'],
  ] as const)('%s is shown as a %s', (metric, format) => {
    expect(metricFormat(metric)).toBe(format);
  });

  it.each([
    ['kpi', 'opens', true],
    ['kpi', 'bounce_rate', false],
    ['timeseries', 'click_to_open_rate', true],
    ['funnel', undefined, true],
    ['live-feed', undefined, false],
    ['anomalies', undefined, false],
  ] as const)('%s of %s takes a verdict: %s', (kind, metric, expected) => {
    expect(takesVerdict(kind, metric)).toBe(expected);
  });

  it('draws total opens as human and machine, and other totals as one line', () => {
    expect(verdictSplit({ kind: 'timeseries', metric: 'opens', verdict: 'total' })).toEqual(['human', 'machine']);
    expect(verdictSplit({ kind: 'timeseries', metric: 'open_rate', verdict: 'total' })).toBeNull();
    expect(verdictSplit({ kind: 'timeseries', metric: 'opens', verdict: 'human' })).toBeNull();
    expect(verdictSplit({ kind: 'kpi', metric: 'opens', verdict: 'total' })).toBeNull();
  });

  it('passes only the filters that are set', () => {
    const params = timeseriesParams('opens', { from: 'a', to: 'b', bucket: 'hour' }, 'human', { campaignId: 'spring', domain: '' });
    expect(params).toEqual({ metric: 'opens', bucket: 'hour', from: 'a', to: 'b', verdict: 'human', campaignId: 'spring' });
  });

  it.each([
    ['kpi', ['campaignId', 'variant', 'domain']],
    ['funnel', ['campaignId']],
    ['anomalies', ['domain']],
  ] as const)('%s filters by %o', (kind, filters) => {
    expect(filtersFor(kind)).toEqual(filters);
  });

  it('keeps the anomalies of the range, newest first, of the chosen domain', () => {
    const now = Date.parse('2025-05-10T12:00:00Z');
    const list = [
      { id: 1, bucketStart: '2025-05-01T00:00:00Z', recipientDomain: '' },
      { id: 2, bucketStart: '2025-05-09T00:00:00Z', recipientDomain: 'gmail.com' },
      { id: 3, bucketStart: '2025-05-10T10:00:00Z', recipientDomain: '' },
    ];
    expect(anomaliesWithin(list, '7d', now).map((a) => a.id)).toEqual([3, 2]);
    // Whatever order the API answered in.
    expect(anomaliesWithin([...list].reverse(), '7d', now).map((a) => a.id)).toEqual([3, 2]);
    expect(anomaliesWithin(list, '7d', now, 'Gmail.com').map((a) => a.id)).toEqual([2]);
  });
});
