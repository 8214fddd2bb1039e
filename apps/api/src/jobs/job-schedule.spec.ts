import { cronProblem, slotsBetween } from './job-schedule';

describe('slotsBetween', () => {
  it('lists the daily slots in the job time zone, strictly after the start and up to the end', () => {
    const slots = slotsBetween('0 2 * * *', 'Europe/Paris', new Date('2026-11-20T01:00:00Z'), new Date('2026-11-22T01:00:00Z'));
    // 02:00 in Paris is 01:00 UTC in winter; the slot at the start itself is excluded, the one at the end included.
    expect(slots.map((d) => d.toISOString())).toEqual(['2026-11-21T01:00:00.000Z', '2026-11-22T01:00:00.000Z']);
  });

  it('follows a daylight-saving change', () => {
    const slots = slotsBetween('0 2 * * *', 'Europe/Paris', new Date('2026-10-23T23:00:00Z'), new Date('2026-10-26T23:00:00Z'));
    // Summer time (UTC+2) ends on 25 October: 02:00 is 00:00 UTC until then (the first 02:00 of that night), 01:00 UTC after.
    expect(slots.map((d) => d.toISOString())).toEqual(['2026-10-24T00:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-26T01:00:00.000Z']);
  });

  it('is empty when no slot falls in the range', () => {
    expect(slotsBetween('0 2 * * *', 'UTC', new Date('2026-11-20T02:00:00Z'), new Date('2026-11-21T01:59:59Z'))).toEqual([]);
  });

  it('lists every quarter hour', () => {
    expect(slotsBetween('*/15 * * * *', 'UTC', new Date('2026-11-20T00:00:00Z'), new Date('2026-11-20T01:00:00Z'))).toHaveLength(4);
  });
});

describe('cronProblem', () => {
  it.each([
    ['0 2 * * *', 'UTC', null],
    ['bad', 'UTC', 'Unknown alias: bad'],
    ['0 2 * * *', 'Nowhere/City', 'Invalid timezone.'],
  ])('%s in %s → %s', (cron, zone, problem) => {
    expect(cronProblem(cron, zone)).toBe(problem);
  });
});
