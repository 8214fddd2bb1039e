import { anomalyDirection, anomalyMetric } from './anomaly.types';

describe('anomalies in words', () => {
  it.each([
    ['bounce_rate', 'Bounce rate', true],
    ['event_volume', 'Event volume', false],
    ['new_metric', 'New metric', false],
  ])('%s is "%s" (rate: %s)', (metric, label, rate) => {
    expect(anomalyMetric(metric)).toEqual({ label, rate });
  });

  it('says whether the value broke out above or below its band', () => {
    expect(anomalyDirection({ observed: 9, lower: 1, upper: 5 })).toBe('above');
    expect(anomalyDirection({ observed: 0, lower: 1, upper: 5 })).toBe('below');
    expect(anomalyDirection({ observed: 3, lower: 1, upper: 5 })).toBe('inside');
  });
});
