import { latestVpsReports, statusTone } from './deliverability.types';

describe('deliverability helpers', () => {
  it('keeps the newest report per host', () => {
    const reports = latestVpsReports([
      { occurredAt: '2026-01-01T10:02:00Z', properties: { host: 'mta-1', cpuPercent: 40, memoryPercent: 50, diskPercent: 60 } },
      { occurredAt: '2026-01-01T10:01:00Z', properties: { host: 'mta-1', cpuPercent: 99 } },
      { occurredAt: '2026-01-01T10:00:00Z', properties: { host: 'mta-0', cpuPercent: 'n/a' } },
    ]);
    expect(reports).toEqual([
      { host: 'mta-0', cpuPercent: null, memoryPercent: null, diskPercent: null, at: '2026-01-01T10:00:00Z' },
      { host: 'mta-1', cpuPercent: 40, memoryPercent: 50, diskPercent: 60, at: '2026-01-01T10:02:00Z' },
    ]);
  });

  it.each([
    ['ok', 'ok'],
    ['warn', 'warn'],
    ['changed', 'warn'],
    ['critical', 'bad'],
    ['broken', 'bad'],
    ['insufficient-volume', ''],
    ['pending', ''],
  ])('%s is shown as %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone);
  });
});
