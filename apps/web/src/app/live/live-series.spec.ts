import { LiveSeries } from './live-series';

describe('LiveSeries', () => {
  const t0 = Date.parse('2026-01-01T12:00:00Z');

  it('gives one point per second for the last 60 seconds, zero where nothing arrived', () => {
    const s = new LiveSeries(60);
    s.add(3, t0 + 100);
    s.add(2, t0 + 900);
    s.add(5, t0 + 10_000);
    const points = s.points(t0 + 10_500);
    expect(points).toHaveLength(60);
    expect(points[59]).toEqual([t0 + 10_000, 5]);
    expect(points[49]).toEqual([t0, 5]);
    expect(points[50][1]).toBe(0);
    expect(s.total(t0 + 10_500)).toBe(10);
  });

  it('forgets seconds older than the window', () => {
    const s = new LiveSeries(60);
    s.add(7, t0);
    expect(s.total(t0 + 59_000)).toBe(7);
    expect(s.total(t0 + 60_000)).toBe(0);
  });
});
