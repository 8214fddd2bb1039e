import { Counter, Histogram, Registry } from 'prom-client';
import type { Step, StepResult } from './step';

/** Per-step outcome counters and timings, attached from outside so steps stay pure. */
export class StepMetrics {
  readonly outcomes: Counter<'step' | 'outcome'>;
  readonly batchSeconds: Histogram<'step'>;

  constructor(readonly registry: Registry) {
    this.outcomes = new Counter({ name: 'mailpulse_pipeline_step_total', help: 'Events per pipeline step and outcome', labelNames: ['step', 'outcome'], registers: [registry] });
    this.batchSeconds = new Histogram({
      name: 'mailpulse_pipeline_step_batch_seconds',
      help: 'Time a step spends on one request batch',
      labelNames: ['step'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    });
  }

  /** Applies `step` to every input, counting each outcome and timing the whole batch. */
  applyAll<I, O>(step: Step<I, O>, inputs: readonly I[]): StepResult<O>[] {
    const end = this.batchSeconds.startTimer({ step: step.name });
    let okCount = 0;
    let dropped = 0;
    let dead = 0;
    const out = inputs.map((input) => {
      const r = step.apply(input);
      if (r.kind === 'ok') okCount++;
      else if (r.kind === 'drop') dropped++;
      else dead++;
      return r;
    });
    end();
    if (okCount) this.outcomes.inc({ step: step.name, outcome: 'ok' }, okCount);
    if (dropped) this.outcomes.inc({ step: step.name, outcome: 'drop' }, dropped);
    if (dead) this.outcomes.inc({ step: step.name, outcome: 'dead_letter' }, dead);
    return out;
  }
}
