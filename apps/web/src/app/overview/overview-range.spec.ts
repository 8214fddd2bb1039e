import { RANGES, rangeWindow, safeRatio, splitTotals, currentPoints } from './overview-range';

describe('overview ranges', () => {
  const now = Date.parse('2026-03-10T10:17:30Z');

  it('asks for the range and the one before it, ending after the bucket that is filling', () => {
    const day = RANGES.find((r) => r.id === '24h')!;
    const w = rangeWindow(day, now);
    expect(w.to).toBe('2026-03-10T11:00:00.000Z');
    expect(new Date(w.split).toISOString()).toBe('2026-03-09T11:00:00.000Z');
    expect(w.from).toBe('2026-03-08T11:00:00.000Z');
  });

  it('uses minutes for the last hour and days for 30 and 90 days', () => {
    expect(RANGES.map((r) => `${r.id}:${r.bucket}`)).toEqual(['1h:minute', '24h:hour', '7d:hour', '30d:day', '90d:day']);
  });

  it('splits a series into the current and the previous period', () => {
    const split = Date.parse('2026-03-10T00:00:00Z');
    const points = [
      { t: '2026-03-09T22:00:00Z', value: 4 },
      { t: '2026-03-09T23:00:00Z', value: null },
      { t: '2026-03-10T00:00:00Z', value: 10 },
      { t: '2026-03-10T01:00:00Z', value: 5 },
    ];
    expect(splitTotals(points, split)).toEqual({ current: 15, previous: 4 });
    expect(currentPoints(points, split)).toEqual([
      [split, 10],
      [split + 3_600_000, 5],
    ]);
  });

  it('has no rate without a denominator', () => {
    expect(safeRatio(3, 0)).toBeNull();
    expect(safeRatio(1, 4)).toBe(0.25);
  });
});
