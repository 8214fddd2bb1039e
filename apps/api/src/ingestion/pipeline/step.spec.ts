import { Registry } from 'prom-client';
import { deadLetter, drop, ok, pipe, Step } from './step';
import { StepMetrics } from './step-metrics';

const double: Step<number, number> = { name: 'double', apply: (n) => ok(n * 2) };
const positive: Step<number, number> = { name: 'positive', apply: (n) => (n > 0 ? ok(n) : deadLetter('value: must be positive', 'value')) };
const small: Step<number, number> = { name: 'small', apply: (n) => (n < 100 ? ok(n) : drop('too large')) };

describe('pipeline steps', () => {
  it('chains values and stops at the first drop or dead letter', () => {
    const chain = pipe(pipe(positive, double), small);
    expect(chain.apply(3)).toEqual({ kind: 'ok', value: 6 });
    expect(chain.apply(-1)).toEqual({ kind: 'deadLetter', reason: 'value: must be positive', field: 'value' });
    expect(chain.apply(60)).toEqual({ kind: 'drop', reason: 'too large' });
    expect(chain.name).toBe('positive→double→small');
  });

  it('counts outcomes per step', async () => {
    const metrics = new StepMetrics(new Registry());
    metrics.applyAll(positive, [1, 2, -3]);
    const counted = await metrics.outcomes.get();
    const byOutcome = Object.fromEntries(counted.values.map((v) => [v.labels.outcome, v.value]));
    expect(byOutcome).toEqual({ ok: 2, dead_letter: 1 });
  });
});
