import { lifecycleFunnel } from './lifecycle';

describe('lifecycleFunnel', () => {
  it('counts new, activated, active (15-day window) and inactive per day', () => {
    const days = lifecycleFunnel(
      [
        // seen on the 1st, first meaningful action on the 2nd, then silent
        {
          firstSeen: '2026-11-01',
          firstActive: '2026-11-02',
          activeDays: ['2026-11-02'],
        },
        // seen and active on the 3rd, again on the 20th
        {
          firstSeen: '2026-11-03',
          firstActive: '2026-11-03',
          activeDays: ['2026-11-03', '2026-11-20'],
        },
        // never meaningful (only machine opens)
        { firstSeen: '2026-11-02', firstActive: null, activeDays: [] },
      ],
      '2026-11-01',
      '2026-11-20',
    );
    const at = (day: string) => days.find((d) => d.day === day)!;
    expect(days).toHaveLength(20);
    expect(at('2026-11-01')).toEqual({
      day: '2026-11-01',
      new: 1,
      activated: 0,
      active: 0,
      inactive: 0,
    });
    expect(at('2026-11-02')).toEqual({
      day: '2026-11-02',
      new: 1,
      activated: 1,
      active: 1,
      inactive: 0,
    });
    expect(at('2026-11-03')).toEqual({
      day: '2026-11-03',
      new: 1,
      activated: 1,
      active: 2,
      inactive: 0,
    });
    // the 16th: contact 1 last active on the 2nd, 14 days ago: still active
    expect(at('2026-11-16')).toMatchObject({ active: 2, inactive: 0 });
    // the 17th: 15 days since the 2nd: inactive
    expect(at('2026-11-17')).toMatchObject({ active: 1, inactive: 1 });
    expect(at('2026-11-18')).toMatchObject({ active: 0, inactive: 2 });
    expect(at('2026-11-20')).toMatchObject({ active: 1, inactive: 1 });
  });
});
