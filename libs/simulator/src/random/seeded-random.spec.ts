import { hashInts, hashUnit } from './hash';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(new SeededRandom(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniformly in [0, 1)', () => {
    const random = new SeededRandom(1);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = random.next();
      if (x < 0 || x >= 1) outside++;
      buckets[Math.floor(x * 10)]++;
    }
    expect(outside).toBe(0);
    for (const count of buckets)
      expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it.each([
    ['exponential mean', (r: SeededRandom) => r.exponential(3), 3, 0.05],
    ['normal mean', (r: SeededRandom) => r.normal(), 0, 0.02],
    ['chance', (r: SeededRandom) => (r.chance(0.3) ? 1 : 0), 0.3, 0.01],
    [
      'weighted index',
      (r: SeededRandom) => r.weightedIndex([1, 3]),
      0.75,
      0.01,
    ],
    ['int', (r: SeededRandom) => r.int(10), 4.5, 0.05],
  ])('%s matches its expectation', (_name, draw, expected, tolerance) => {
    const random = new SeededRandom(9);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += draw(random);
    expect(Math.abs(sum / 50_000 - expected)).toBeLessThan(tolerance);
  });

  it('derives independent streams from keys', () => {
    expect(SeededRandom.derive(1, 2, 3).next()).toBe(
      SeededRandom.derive(1, 2, 3).next(),
    );
    expect(SeededRandom.derive(1, 2, 3).next()).not.toBe(
      SeededRandom.derive(1, 3, 2).next(),
    );
  });
});

describe('hashInts', () => {
  it('tells apart inputs that differ only above 32 bits', () => {
    expect(hashInts(1, 2 ** 40)).not.toBe(hashInts(1, 2 ** 41));
  });

  it('spreads consecutive integers evenly', () => {
    let below = 0;
    for (let i = 0; i < 20_000; i++) if (hashUnit(7, i) < 0.25) below++;
    expect(Math.abs(below - 5000)).toBeLessThan(300);
  });
});
