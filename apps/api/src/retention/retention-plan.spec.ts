import { effectiveRetentionDays, partitionOf, planRetention } from './retention-plan';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const part = (daysAgo: number) => {
  const from = new Date(Math.floor((NOW - daysAgo * DAY) / DAY) * DAY);
  return { name: `events_p${from.toISOString().slice(0, 10).replace(/-/g, '')}`, from };
};

describe('planRetention', () => {
  it('gives each workspace its own horizon, the default when it has no setting', () => {
    const plan = planRetention(
      [
        { workspaceId: 'a', retentionDays: 30 },
        { workspaceId: 'b', retentionDays: null },
      ],
      [],
      90,
      NOW,
    );
    expect(plan.horizons.get('a')).toEqual(new Date(NOW - 30 * DAY));
    expect(plan.horizons.get('b')).toEqual(new Date(NOW - 90 * DAY));
  });

  it('drops only partitions that end before every workspace horizon', () => {
    const partitions = [part(200), part(91), part(90), part(31), part(5)];
    const plan = planRetention(
      [
        { workspaceId: 'a', retentionDays: 30 },
        { workspaceId: 'b', retentionDays: 90 },
      ],
      partitions,
      400,
      NOW,
    );
    expect(plan.partitionsToDrop.map((p) => p.name)).toEqual([part(200).name, part(91).name]);
  });

  it('drops nothing whole while one workspace keeps its events forever', () => {
    const plan = planRetention(
      [
        { workspaceId: 'a', retentionDays: 30 },
        { workspaceId: 'b', retentionDays: 0 },
      ],
      [part(500)],
      400,
      NOW,
    );
    expect(plan.partitionsToDrop).toEqual([]);
    expect(plan.horizons.has('b')).toBe(false);
    expect(plan.horizons.has('a')).toBe(true);
  });

  it('drops nothing when the default keeps everything and no workspace says otherwise', () => {
    expect(planRetention([{ workspaceId: 'a', retentionDays: null }], [part(900)], 0, NOW)).toEqual({ horizons: new Map(), partitionsToDrop: [] });
  });

  it.each([
    [null, 400, 400],
    [30, 400, 30],
    [0, 400, 0],
  ])('effective days of setting %p with default %p is %p', (setting, def, expected) => {
    expect(effectiveRetentionDays(setting, def)).toBe(expected);
  });
});

describe('partitionOf', () => {
  it.each([
    ['events_p20260101', '2026-01-01T00:00:00.000Z'],
    ['events_p20241231', '2024-12-31T00:00:00.000Z'],
  ])('reads %s', (name, from) => {
    expect(partitionOf(name)?.from.toISOString()).toBe(from);
  });

  it.each(['events', 'events_default', 'events_p2026011', 'rollups_p20260101'])('ignores %s', (name) => {
    expect(partitionOf(name)).toBeNull();
  });
});
