// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- jStat ships no types; this brings its declaration into every program that compiles this file
/// <reference path="../jstat.d.ts" />
import { jStat } from 'jstat';
import { assertProportion, Proportion } from './proportion';

export interface ZTestResult {
  /** Variant rate minus control rate. */
  difference: number;
  /** The difference relative to the control rate (null when the control rate is 0). */
  relativeLift: number | null;
  z: number;
  /** Two-sided. */
  pValue: number;
  confidenceLevel: number;
  /** Confidence interval of the difference (variant minus control). */
  confidenceInterval: [number, number];
  significant: boolean;
}

/**
 * Two-proportion z-test of variant against control, two-sided, without continuity correction (the same test as
 * R's `prop.test(..., correct = FALSE)`, whose chi-squared is z²).
 *
 * The test statistic uses the pooled standard error (under H0 both rates are equal); the confidence interval of
 * the difference uses the unpooled (Wald) standard error, as is customary. Returns `null` when either group has
 * no trials or when both rates are 0 or both 1 (no variance: nothing to test).
 */
export function twoProportionZTest(
  control: Proportion,
  variant: Proportion,
  confidenceLevel = 0.95,
): ZTestResult | null {
  assertProportion(control, 'control');
  assertProportion(variant, 'variant');
  if (!(confidenceLevel > 0 && confidenceLevel < 1))
    throw new RangeError('confidenceLevel must be between 0 and 1');
  if (control.trials === 0 || variant.trials === 0) return null;

  const p1 = control.successes / control.trials;
  const p2 = variant.successes / variant.trials;
  const pooled =
    (control.successes + variant.successes) / (control.trials + variant.trials);
  const sePooled = Math.sqrt(
    pooled * (1 - pooled) * (1 / control.trials + 1 / variant.trials),
  );
  if (sePooled === 0) return null;

  const difference = p2 - p1;
  const z = difference / sePooled;
  const pValue = Math.min(1, 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1)));
  const seUnpooled = Math.sqrt(
    (p1 * (1 - p1)) / control.trials + (p2 * (1 - p2)) / variant.trials,
  );
  const zCrit = jStat.normal.inv(1 - (1 - confidenceLevel) / 2, 0, 1);
  return {
    difference,
    relativeLift: p1 > 0 ? difference / p1 : null,
    z,
    pValue,
    confidenceLevel,
    confidenceInterval: [
      difference - zCrit * seUnpooled,
      difference + zCrit * seUnpooled,
    ],
    significant: pValue < 1 - confidenceLevel,
  };
}
