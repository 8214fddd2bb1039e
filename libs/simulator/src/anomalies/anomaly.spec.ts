import { defaultAnomalies, parseAnomaly, resolveAnomaly } from './anomaly';

const END = new Date('2026-03-02T00:00:00Z');
const HOUR = 3_600_000;

describe('parseAnomaly', () => {
  it('reads kind, domain and a window counted back from the end', () => {
    expect(parseAnomaly('bounce-spike:yahoo.com@120+6', END)).toEqual({
      kind: 'bounce-spike',
      domain: 'yahoo.com',
      start: new Date(END.getTime() - 120 * HOUR),
      end: new Date(END.getTime() - 114 * HOUR),
    });
    expect(parseAnomaly('smtp-outage@2.5+0.5', END).domain).toBeUndefined();
  });

  it.each([
    ['no window', 'bounce-spike'],
    ['unknown kind', 'meteor-strike@10+1'],
    ['negative hours', 'volume-drop@-3+1'],
    ['missing duration', 'volume-drop@3'],
    ['empty', ''],
  ])('rejects %s', (_case, text) => {
    expect(() => parseAnomaly(text, END)).toThrow(/--anomaly/);
  });
});

describe('resolveAnomaly', () => {
  it('fills the default domain, intensity and label', () => {
    const anomaly = resolveAnomaly(
      { kind: 'dkim-break', start: new Date(0), end: new Date(HOUR) },
      0,
    );
    expect(anomaly).toMatchObject({
      id: 'anomaly-1',
      domain: 'gmail.com',
      intensity: 0.9,
    });
    expect(anomaly.label).toContain('gmail.com');
  });
});

describe('defaultAnomalies', () => {
  it('keeps only anomalies that fit in the history', () => {
    expect(defaultAnomalies(END, 30).map((a) => a.kind)).toEqual([
      'volume-drop',
      'dkim-break',
      'complaint-surge',
      'bounce-spike',
      'smtp-outage',
    ]);
    expect(defaultAnomalies(END, 3).map((a) => a.kind)).toEqual([
      'smtp-outage',
    ]);
  });
});
