/** `successes` out of `trials` (e.g. unique human opens out of delivered messages). */
export interface Proportion {
  successes: number;
  trials: number;
}

export function assertProportion(p: Proportion, name: string): void {
  if (
    !Number.isFinite(p.trials) ||
    !Number.isFinite(p.successes) ||
    p.trials < 0 ||
    p.successes < 0 ||
    p.successes > p.trials
  ) {
    throw new RangeError(
      `${name} must have 0 <= successes <= trials (got ${p.successes} of ${p.trials})`,
    );
  }
}
