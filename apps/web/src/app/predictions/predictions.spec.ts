import { byPriority, predictionSource, rateLabel } from './prediction.types';

describe('predictions in words', () => {
  it('puts the most urgent recommendations first and keeps the order within a priority', () => {
    const r = (priority: 'high' | 'medium' | 'low', message: string) => ({ kind: 'k', priority, message, evidence: {} });
    expect(byPriority([r('low', 'a'), r('high', 'b'), r('medium', 'c'), r('high', 'd')]).map((x) => x.message)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('names where a prediction came from', () => {
    const base = { predicted: {}, baseline: null, audience: { contacts: 0, withHistory: 0, historyRates: {} } };
    expect(predictionSource({ ...base, source: 'model', model: { kind: 'campaign', version: 'v3', trainedAt: '', metrics: {} } })).toBe('Trained model v3');
    expect(predictionSource({ ...base, source: 'baseline', model: null })).toMatch(/recent campaigns/);
  });

  it('labels the rates', () => {
    expect(rateLabel('bounceRate')).toBe('Bounces per sent');
    expect(rateLabel('other')).toBe('other');
  });
});
