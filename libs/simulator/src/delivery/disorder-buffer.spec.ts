import { SeededRandom } from '../random/seeded-random';
import { DisorderBuffer, type Released } from './disorder-buffer';

interface Observed extends Released<number> {
  /** How many items had been pushed when this one came out. */
  readonly pushed: number;
}

function runThrough(
  count: number,
  options: { duplicateRate: number; outOfOrderRate: number; window: number },
): Observed[] {
  const buffer = new DisorderBuffer<number>(new SeededRandom(5), options);
  const out: Observed[] = [];
  for (let i = 0; i < count; i++) {
    buffer.push(i);
    for (let r = buffer.take(); r !== undefined; r = buffer.take())
      out.push({ ...r, pushed: i + 1 });
  }
  for (const r of buffer.flush()) out.push({ ...r, pushed: count });
  return out;
}

describe('DisorderBuffer', () => {
  it('passes items straight through when asked for no disorder', () => {
    expect(
      runThrough(100, { duplicateRate: 0, outOfOrderRate: 0, window: 10 }).map(
        (r) => r.item,
      ),
    ).toEqual([...Array(100).keys()]);
  });

  it('releases every item once, plus flagged duplicates, and holds late ones back within the window', () => {
    const out = runThrough(20_000, {
      duplicateRate: 0.05,
      outOfOrderRate: 0.1,
      window: 50,
    });
    const originals = out.filter((r) => !r.duplicate).map((r) => r.item);
    expect([...originals].sort((a, b) => a - b)).toEqual([
      ...Array(20_000).keys(),
    ]);
    expect(
      Math.abs(out.filter((r) => r.duplicate).length / 20_000 - 0.05),
    ).toBeLessThan(0.01);
    expect(
      Math.abs(out.filter((r) => r.late).length / 20_000 - 0.1),
    ).toBeLessThan(0.015);
    expect(
      Math.max(...out.map((r) => r.pushed - (r.item + 1))),
    ).toBeLessThanOrEqual(50);
    // Items that are neither late nor copies keep their relative order.
    const inOrder = out
      .filter((r) => !r.late && !r.duplicate)
      .map((r) => r.item);
    expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));
  });
});
