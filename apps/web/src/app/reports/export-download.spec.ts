import { downloadName, exportParams, exportSummary, exportUrl } from './export-download';

const events = { name: 'Events', path: '/v1/exports/events.csv', description: 'Raw events, oldest first (?from=&to=&type=&campaignId=)' };
const campaigns = { name: 'Campaign metrics', path: '/v1/exports/campaigns.csv', description: 'Counts and rates per campaign' };

describe('exports', () => {
  it('reads the parameters an export takes from its description', () => {
    expect(exportParams(events.description)).toEqual(['from', 'to', 'type', 'campaignId']);
    expect(exportParams(campaigns.description)).toEqual([]);
    expect(exportSummary(events.description)).toBe('Raw events, oldest first');
  });

  it('adds the period only to exports that take one', () => {
    expect(exportUrl(events, { from: '2026-01-01', to: '2026-02-01' })).toBe('/v1/exports/events.csv?from=2026-01-01&to=2026-02-01');
    expect(exportUrl(campaigns, { from: '2026-01-01', to: '2026-02-01' })).toBe('/v1/exports/campaigns.csv');
  });

  it.each([
    ['attachment; filename="events-2026.csv"', 'events-2026.csv'],
    [null, 'events.csv'],
  ])('names the file from %s', (header, name) => {
    expect(downloadName(header, events.path)).toBe(name);
  });
});
