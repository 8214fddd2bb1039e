import { nextIncidentAction, type OpenIncident } from './incident-transition';

const at = new Date('2026-11-22T10:00:00Z');
const minutesBefore = (m: number) => new Date(at.getTime() - m * 60_000);
const breached = (severity: 'warning' | 'critical' = 'warning') => ({ breached: true, severity });
const clear = { breached: false, severity: 'warning' as const };
const open = (severity: 'warning' | 'critical', clearSince: Date | null = null): OpenIncident => ({ severity, clearSince });

describe('nextIncidentAction', () => {
  it.each([
    ['nothing open, breached → open', null, breached(), 15, { type: 'open', severity: 'warning' }],
    ['nothing open, critical → open critical', null, breached('critical'), 15, { type: 'open', severity: 'critical' }],
    ['nothing open, clear → none', null, clear, 15, { type: 'none' }],
    ['warning open, critical → escalate', open('warning'), breached('critical'), 15, { type: 'escalate', severity: 'critical' }],
    ['critical open, warning → hold (no downgrade notice)', open('critical'), breached('warning'), 15, { type: 'hold' }],
    ['open, breached again while cooling → hold (cancels cooldown)', open('warning', minutesBefore(5)), breached(), 15, { type: 'hold' }],
    ['open, first clear → clearing', open('warning'), clear, 15, { type: 'clearing' }],
    ['open, clear inside cooldown → none', open('warning', minutesBefore(14)), clear, 15, { type: 'none' }],
    ['open, clear for the cooldown → resolve', open('warning', minutesBefore(15)), clear, 15, { type: 'resolve' }],
    ['cooldown 0, first clear → resolve', open('critical'), clear, 0, { type: 'resolve' }],
  ] as const)('%s', (_name, incident, observation, cooldown, expected) => {
    expect(nextIncidentAction(incident, observation, at, cooldown)).toEqual(expected);
  });

  it('a flapping condition is one alert and one resolution', () => {
    // breached, clear, breached, clear … every minute for 20 minutes, then clear for good.
    let incident: OpenIncident | null = null;
    const actions: string[] = [];
    for (let minute = 0; minute < 60; minute++) {
      const now = new Date(at.getTime() + minute * 60_000);
      const obs = minute < 20 && minute % 2 === 0 ? breached() : clear;
      const action = nextIncidentAction(incident, obs, now, 15);
      actions.push(action.type);
      if (action.type === 'open') incident = open(action.severity);
      else if (action.type === 'hold') incident = open(incident!.severity);
      else if (action.type === 'clearing') incident = open(incident!.severity, now);
      else if (action.type === 'resolve') incident = null;
    }
    expect(actions.filter((a) => a === 'open')).toHaveLength(1);
    expect(actions.filter((a) => a === 'resolve')).toHaveLength(1);
    // Last breach at minute 18, clear from 19; resolved 15 minutes later.
    expect(actions.indexOf('resolve')).toBe(34);
  });
});
