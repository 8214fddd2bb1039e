// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- jStat ships no types; this brings its declaration into every program that compiles this file
/// <reference path="../jstat.d.ts" />
import { jStat } from 'jstat';

export interface SampleSizeInput {
  /** The control's rate, in (0, 1). */
  baselineRate: number;
  /** The relative lift to detect, e.g. 0.1 for +10 % (the variant's rate is baselineRate × (1 + lift)). */
  relativeLift: number;
  /** Two-sided significance level α; 0.05 unless given. */
  alpha?: number;
  /** Probability of detecting the lift when it is real (1 − β); 0.8 unless given. */
  power?: number;
}

/**
 * Trials needed in EACH group to detect the lift with a two-sided two-proportion test: the classic formula
 *   n = (z_{1−α/2} · √(2·p̄·(1−p̄)) + z_{power} · √(p1(1−p1) + p2(1−p2)))² / (p2 − p1)²,  p̄ = (p1 + p2) / 2,
 * the same as R's `power.prop.test` (which also neglects the far tail). Rounded up. Throws a RangeError naming
 * the argument when an input is out of range (including a lift that takes the rate to 1 or beyond).
 */
export function sampleSizePerVariant(input: SampleSizeInput): number {
  const { baselineRate: p1, relativeLift } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  if (!(p1 > 0 && p1 < 1))
    throw new RangeError('baselineRate must be between 0 and 1');
  if (!(relativeLift !== 0 && Number.isFinite(relativeLift)))
    throw new RangeError('relativeLift must be a non-zero number');
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError('alpha must be between 0 and 1');
  if (!(power > 0 && power < 1))
    throw new RangeError('power must be between 0 and 1');
  const p2 = p1 * (1 + relativeLift);
  if (!(p2 > 0 && p2 < 1))
    throw new RangeError(
      'relativeLift must keep the variant rate between 0 and 1',
    );

  const zAlpha = jStat.normal.inv(1 - alpha / 2, 0, 1);
  const zPower = jStat.normal.inv(power, 0, 1);
  const pBar = (p1 + p2) / 2;
  const n =
    (zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) +
      zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) **
      2 /
    (p2 - p1) ** 2;
  return Math.ceil(n);
}

/** Trials still needed per group given how many each group already has (0 once reached). */
export function remainingSampleSize(
  input: SampleSizeInput,
  trialsPerGroup: number[],
): { perVariant: number; remaining: number } {
  const perVariant = sampleSizePerVariant(input);
  const smallest = trialsPerGroup.length ? Math.min(...trialsPerGroup) : 0;
  return { perVariant, remaining: Math.max(0, perVariant - smallest) };
}
