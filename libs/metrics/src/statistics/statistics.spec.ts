import { betaPosterior, probabilityToBeatControl } from './bayesian';
import { remainingSampleSize, sampleSizePerVariant } from './sample-size';
import { twoProportionZTest } from './two-proportion-z-test';

/*
 * Reference values were computed independently with SciPy 1.17:
 * - z-test: z and p by hand from the formula, p cross-checked with scipy.stats.chi2_contingency(correction=False)
 *   (the chi-squared test of a 2x2 table is the two-sided z-test), CI with norm.ppf(0.975);
 * - P(beat control): scipy.integrate.quad of beta.pdf(x; variant) * beta.cdf(x; control), uniform prior;
 * - sample size: brentq root of R's power.prop.test power function (strict = FALSE) for n.
 */
describe('twoProportionZTest', () => {
  it.each([
    // control x/n, variant x/n, z, p, ci low, ci high
    [
      200, 1000, 250, 1000, 2.677397763008329, 0.007419649261025687,
      0.01346362168753984, 0.08653637831246014,
    ],
    [
      1200, 10000, 1290, 10000, 1.927590426492286, 0.05390609060200967,
      -0.00015030339988609046, 0.018150303399886106,
    ],
    [
      30, 100, 31, 120, -0.6874280386437339, 0.49181303372745777,
      -0.16083253363860928, 0.07749920030527602,
    ],
  ])('%p/%p vs %p/%p matches SciPy', (x1, n1, x2, n2, z, p, lo, hi) => {
    const r = twoProportionZTest(
      { successes: x1, trials: n1 },
      { successes: x2, trials: n2 },
    )!;
    expect(r.z).toBeCloseTo(z, 9);
    expect(r.pValue).toBeCloseTo(p, 9);
    expect(r.confidenceInterval[0]).toBeCloseTo(lo, 9);
    expect(r.confidenceInterval[1]).toBeCloseTo(hi, 9);
    expect(r.difference).toBeCloseTo(x2 / n2 - x1 / n1, 12);
    expect(r.significant).toBe(p < 0.05);
  });

  it('has nothing to test without trials or without variance', () => {
    expect(
      twoProportionZTest(
        { successes: 0, trials: 0 },
        { successes: 1, trials: 10 },
      ),
    ).toBeNull();
    expect(
      twoProportionZTest(
        { successes: 0, trials: 10 },
        { successes: 0, trials: 10 },
      ),
    ).toBeNull();
  });

  it('refuses impossible counts, naming the group', () => {
    expect(() =>
      twoProportionZTest(
        { successes: 11, trials: 10 },
        { successes: 1, trials: 10 },
      ),
    ).toThrow(/control/);
    expect(() =>
      twoProportionZTest(
        { successes: 1, trials: 10 },
        { successes: -1, trials: 10 },
      ),
    ).toThrow(/variant/);
  });
});

describe('probabilityToBeatControl', () => {
  it.each([
    [200, 1000, 250, 1000, 0.9962833291294396],
    [1200, 10000, 1290, 10000, 0.9730338144339217],
    [30, 100, 31, 120, 0.24523446442040872],
    [10, 50, 10, 50, 0.5],
    // 30,501 posterior successes: past the exact-sum limit, so the normal approximation answers
    [30000, 100000, 30500, 100000, 0.9925332958394076],
  ])(
    '%p/%p vs %p/%p matches numerical integration',
    (x1, n1, x2, n2, expected) => {
      expect(
        probabilityToBeatControl(
          { successes: x1, trials: n1 },
          { successes: x2, trials: n2 },
        ),
      ).toBeCloseTo(expected, 4);
    },
  );

  it('is symmetric: P(B > A) + P(A > B) = 1', () => {
    const a = { successes: 37, trials: 400 };
    const b = { successes: 52, trials: 410 };
    expect(
      probabilityToBeatControl(a, b) + probabilityToBeatControl(b, a),
    ).toBeCloseTo(1, 9);
  });
});

describe('betaPosterior', () => {
  it('gives the Beta(1 + x, 1 + n - x) mean and a central interval', () => {
    const r = betaPosterior({ successes: 20, trials: 100 });
    expect(r.mean).toBeCloseTo(21 / 102, 12);
    expect(r.interval[0]).toBeLessThan(r.mean);
    expect(r.interval[1]).toBeGreaterThan(r.mean);
  });
});

describe('sampleSizePerVariant', () => {
  it.each([
    // p1, relative lift, power, n from R's power.prop.test
    [0.5, 0.5, 0.9, 76.70692845177746],
    [0.1, 0.2, 0.8, 3840.8474824362766],
    [0.2, 0.1, 0.8, 6509.466678513717],
  ])('p1=%p lift=%p power=%p matches power.prop.test', (p1, lift, power, n) => {
    expect(
      sampleSizePerVariant({ baselineRate: p1, relativeLift: lift, power }),
    ).toBe(Math.ceil(n));
  });

  it('subtracts what the smallest group already has', () => {
    expect(
      remainingSampleSize(
        { baselineRate: 0.1, relativeLift: 0.2 },
        [1000, 2000],
      ),
    ).toEqual({ perVariant: 3841, remaining: 2841 });
    expect(
      remainingSampleSize(
        { baselineRate: 0.1, relativeLift: 0.2 },
        [5000, 4000],
      ),
    ).toEqual({ perVariant: 3841, remaining: 0 });
  });

  it.each([
    [{ baselineRate: 0, relativeLift: 0.1 }, /baselineRate/],
    [{ baselineRate: 0.5, relativeLift: 0 }, /relativeLift/],
    [{ baselineRate: 0.6, relativeLift: 1 }, /relativeLift/],
    [{ baselineRate: 0.1, relativeLift: 0.1, alpha: 1 }, /alpha/],
    [{ baselineRate: 0.1, relativeLift: 0.1, power: 0 }, /power/],
  ])('names the bad argument %p', (input, message) => {
    expect(() => sampleSizePerVariant(input)).toThrow(message);
  });
});
