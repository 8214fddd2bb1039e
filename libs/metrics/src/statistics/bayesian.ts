// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- jStat ships no types; this brings its declaration into every program that compiles this file
/// <reference path="../jstat.d.ts" />
import { jStat } from 'jstat';
import { assertProportion, Proportion } from './proportion';

/** Beta(alpha, beta) prior on a rate; Beta(1, 1) (uniform) unless given. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

export const UNIFORM_PRIOR: BetaPrior = { alpha: 1, beta: 1 };

/** Above this many terms the exact sum is replaced by the normal approximation of the two posteriors. */
const EXACT_TERMS_LIMIT = 20_000;

/**
 * P(rate of variant > rate of control) with independent Beta posteriors
 * Beta(prior.alpha + successes, prior.beta + failures).
 *
 * Exact closed form (Evan Miller, "Formulas for Bayesian A/B testing", integer posterior alpha for the variant):
 *   P(B > A) = Σ_{i=0}^{αB−1} B(αA+i, βA+βB) / ((βB+i) · B(1+i, βB) · B(αA, βA))
 * summed in log space. When αB is large (many successes) the posteriors are very close to normal and the
 * difference of two normals gives the same answer to well under 0.001.
 */
export function probabilityToBeatControl(
  control: Proportion,
  variant: Proportion,
  prior: BetaPrior = UNIFORM_PRIOR,
): number {
  assertProportion(control, 'control');
  assertProportion(variant, 'variant');
  const aA = prior.alpha + control.successes;
  const bA = prior.beta + control.trials - control.successes;
  const aB = prior.alpha + variant.successes;
  const bB = prior.beta + variant.trials - variant.successes;

  if (Number.isInteger(aB) && aB <= EXACT_TERMS_LIMIT) {
    const lnBetaA = jStat.betaln(aA, bA);
    let total = 0;
    for (let i = 0; i < aB; i++) {
      total += Math.exp(
        jStat.betaln(aA + i, bA + bB) -
          Math.log(bB + i) -
          jStat.betaln(1 + i, bB) -
          lnBetaA,
      );
    }
    return clamp01(total);
  }
  return normalApproximation(aA, bA, aB, bB);
}

function normalApproximation(
  aA: number,
  bA: number,
  aB: number,
  bB: number,
): number {
  const mean = (a: number, b: number) => a / (a + b);
  const variance = (a: number, b: number) =>
    (a * b) / ((a + b) ** 2 * (a + b + 1));
  const sd = Math.sqrt(variance(aA, bA) + variance(aB, bB));
  const diff = mean(aB, bB) - mean(aA, bA);
  return sd === 0
    ? diff > 0
      ? 1
      : diff < 0
        ? 0
        : 0.5
    : jStat.normal.cdf(diff / sd, 0, 1);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Posterior mean and equal-tailed credible interval of one rate. */
export function betaPosterior(
  p: Proportion,
  credibleLevel = 0.95,
  prior: BetaPrior = UNIFORM_PRIOR,
): { mean: number; interval: [number, number] } {
  assertProportion(p, 'proportion');
  const a = prior.alpha + p.successes;
  const b = prior.beta + p.trials - p.successes;
  const tail = (1 - credibleLevel) / 2;
  return {
    mean: a / (a + b),
    interval: [jStat.beta.inv(tail, a, b), jStat.beta.inv(1 - tail, a, b)],
  };
}
