import { rollupSpans } from './rollup-spans';

const t = (s: string) => new Date(s);
const show = (from: string, to: string) =>
  rollupSpans(t(from), t(to)).map(
    (s) => `${s.table} ${s.from.toISOString()} ${s.to.toISOString()}`,
  );

describe('rollupSpans', () => {
  it('uses days, then hours, then minutes, covering the range exactly once', () => {
    expect(show('2026-11-20T22:30:00Z', '2026-11-22T01:15:00Z')).toEqual([
      'rollups_day 2026-11-21T00:00:00.000Z 2026-11-22T00:00:00.000Z',
      'rollups_hour 2026-11-20T23:00:00.000Z 2026-11-21T00:00:00.000Z',
      'rollups_minute 2026-11-20T22:30:00.000Z 2026-11-20T23:00:00.000Z',
      'rollups_hour 2026-11-22T00:00:00.000Z 2026-11-22T01:00:00.000Z',
      'rollups_minute 2026-11-22T01:00:00.000Z 2026-11-22T01:15:00.000Z',
    ]);
  });

  it('reads minutes only inside one hour, and rounds to whole minutes', () => {
    expect(show('2026-11-20T10:05:30Z', '2026-11-20T10:20:10Z')).toEqual([
      'rollups_minute 2026-11-20T10:05:00.000Z 2026-11-20T10:21:00.000Z',
    ]);
  });

  it('reads whole days from the day rollup only', () => {
    expect(show('2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z')).toEqual([
      'rollups_day 2026-11-01T00:00:00.000Z 2026-11-08T00:00:00.000Z',
    ]);
  });
});
