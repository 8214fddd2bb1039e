import type { AbTestResponse, AbTestVariantResult } from '@mailpulse/contracts';
import { abVerdictText } from './ab-verdict';
import { parseCompareIds } from './campaign-compare.page';

function variant(name: string, rate: number, opts: Partial<AbTestVariantResult> = {}): AbTestVariantResult {
  return { variant: name, isControl: false, trials: 1000, successes: rate * 1000, rate, counts: {} as never, rates: {} as never, zTest: null, probabilityToBeatControl: null, ...opts };
}
const z = (difference: number, significant: boolean) => ({ difference, relativeLift: difference / 0.2, z: 2, pValue: significant ? 0.01 : 0.3, confidenceInterval: [0, 0] as [number, number], significant });

function ab(variants: AbTestVariantResult[], remaining: number | null = null): AbTestResponse {
  return { campaignId: 'c', metric: 'open', verdict: 'human', confidenceLevel: 0.95, control: 'A', variants, sampleSize: { lift: 0.1, power: 0.8, perVariant: 5000, remaining } };
}

describe('A/B verdict in words', () => {
  it('names the winning variant when it beats the control significantly', () => {
    const text = abVerdictText(ab([variant('A', 0.2, { isControl: true }), variant('B', 0.25, { zTest: z(0.05, true) })]), 'en-US');
    expect(text).toBe('Variant B wins: its open rate of 25.0% beats control A (20.0%) at 95% confidence.');
  });

  it('says the control wins when every variant is significantly worse', () => {
    const text = abVerdictText(ab([variant('A', 0.3, { isControl: true }), variant('B', 0.2, { zTest: z(-0.1, true) })]), 'en-US');
    expect(text).toMatch(/^Control A wins/);
  });

  it('says there is no winner yet and how many more deliveries are needed', () => {
    const text = abVerdictText(ab([variant('A', 0.2, { isControl: true }), variant('B', 0.21, { zTest: z(0.01, false) })], 3200), 'en-US');
    expect(text).toBe('No clear winner yet: variant B leads with a open rate of 21.0%, but the difference could still be chance. About 3,200 more deliveries per variant are needed to detect a 10.0% lift.');
  });

  it('has nothing to compare for a single variant', () => {
    expect(abVerdictText(ab([variant('A', 0.2, { isControl: true })]))).toMatch(/single variant/);
  });
});

describe('compare ids', () => {
  it.each([
    ['a,b', ['a', 'b']],
    [' a , ,b,a ', ['a', 'b']],
    ['', []],
    [null, []],
  ])('%s → %j', (input, expected) => {
    expect(parseCompareIds(input)).toEqual(expected);
  });
});
