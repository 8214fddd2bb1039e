import type { WidgetPosition } from '@mailpulse/contracts';
import {
  applyKeyAction,
  cellsTravelled,
  clampPosition,
  compactLayout,
  firstFreeSpot,
  gridMetrics,
  LayoutItem,
  layoutKeyAction,
  layoutRows,
  moveBy,
  moveWidget,
  narrowOrder,
  overlaps,
  resizeBy,
  resizeWidget,
  resolveCollisions,
} from './dashboard-layout';

const item = (id: string, x: number, y: number, w: number, h: number): LayoutItem => ({ id, position: { x, y, w, h } });
const at = (items: LayoutItem[]): Record<string, WidgetPosition> => Object.fromEntries(items.map((i) => [i.id, i.position]));
const noOverlap = (items: LayoutItem[]) => items.every((a, i) => items.every((b, j) => i === j || !overlaps(a.position, b.position)));

describe('dashboard layout', () => {
  describe('overlaps', () => {
    it.each([
      ['side by side', { x: 0, y: 0, w: 6, h: 2 }, { x: 6, y: 0, w: 6, h: 2 }, false],
      ['one above the other', { x: 0, y: 0, w: 6, h: 2 }, { x: 0, y: 2, w: 6, h: 2 }, false],
      ['one cell shared', { x: 0, y: 0, w: 3, h: 3 }, { x: 2, y: 2, w: 3, h: 3 }, true],
      ['one inside the other', { x: 0, y: 0, w: 12, h: 6 }, { x: 4, y: 1, w: 2, h: 2 }, true],
    ])('%s: %s', (_, a, b, expected) => {
      expect(overlaps(a, b)).toBe(expected);
      expect(overlaps(b, a)).toBe(expected);
    });
  });

  describe('clampPosition', () => {
    it.each([
      ['inside the grid', { x: 3, y: 4, w: 6, h: 3 }, { x: 3, y: 4, w: 6, h: 3 }],
      ['too far right: moves left to end at column 12', { x: 10, y: 0, w: 4, h: 2 }, { x: 8, y: 0, w: 4, h: 2 }],
      ['left of the grid', { x: -2, y: 0, w: 4, h: 2 }, { x: 0, y: 0, w: 4, h: 2 }],
      ['above the grid', { x: 0, y: -1, w: 4, h: 2 }, { x: 0, y: 0, w: 4, h: 2 }],
      ['below the last row', { x: 0, y: 250, w: 4, h: 2 }, { x: 0, y: 200, w: 4, h: 2 }],
      ['wider than the grid', { x: 0, y: 0, w: 14, h: 2 }, { x: 0, y: 0, w: 12, h: 2 }],
      ['smaller than a cell', { x: 0, y: 0, w: 0, h: -3 }, { x: 0, y: 0, w: 1, h: 1 }],
      ['taller than 12 rows', { x: 0, y: 0, w: 2, h: 20 }, { x: 0, y: 0, w: 2, h: 12 }],
      ['fractions of a cell', { x: 2.4, y: 1.6, w: 3.5, h: 2.2 }, { x: 2, y: 2, w: 4, h: 2 }],
    ])('%s', (_, input, expected) => {
      expect(clampPosition(input)).toEqual(expected);
    });
  });

  describe('moving', () => {
    it('moves a widget into free space and leaves the others alone', () => {
      const items = [item('a', 0, 0, 3, 2), item('b', 3, 0, 3, 2)];
      expect(at(moveWidget(items, 'a', { x: 6, y: 0 }))).toEqual({ a: { x: 6, y: 0, w: 3, h: 2 }, b: { x: 3, y: 0, w: 3, h: 2 } });
    });

    it('keeps the input unchanged', () => {
      const items = [item('a', 0, 0, 3, 2), item('b', 3, 0, 3, 2)];
      moveWidget(items, 'a', { x: 3, y: 0 });
      expect(at(items)).toEqual({ a: { x: 0, y: 0, w: 3, h: 2 }, b: { x: 3, y: 0, w: 3, h: 2 } });
    });

    it('pushes a widget it lands on below it, and whatever that one then covers further down', () => {
      const items = [item('a', 0, 0, 6, 2), item('b', 6, 0, 6, 2), item('c', 6, 2, 6, 3)];
      const moved = moveWidget(items, 'a', { x: 6, y: 0 });
      expect(at(moved)).toEqual({ a: { x: 6, y: 0, w: 6, h: 2 }, b: { x: 6, y: 2, w: 6, h: 2 }, c: { x: 6, y: 4, w: 6, h: 3 } });
      expect(noOverlap(moved)).toBe(true);
    });

    it('swaps with the widget below when moved down past it one row at a time', () => {
      let items = [item('a', 0, 0, 12, 2), item('b', 0, 2, 12, 2)];
      items = moveBy(items, 'a', 0, 1);
      expect(noOverlap(items)).toBe(true);
      items = moveBy(items, 'a', 0, 1);
      expect(at(items)).toEqual({ a: { x: 0, y: 2, w: 12, h: 2 }, b: { x: 0, y: 0, w: 12, h: 2 } });
    });

    it('pushes the widget above down when moved up into it', () => {
      const items = moveBy([item('a', 0, 0, 12, 2), item('b', 0, 2, 12, 2)], 'b', 0, -1);
      expect(at(items)).toEqual({ b: { x: 0, y: 1, w: 12, h: 2 }, a: { x: 0, y: 3, w: 12, h: 2 } });
    });

    it('does not swap sideways: a widget moved right onto its neighbour pushes it down', () => {
      const items = moveBy([item('a', 0, 4, 6, 2), item('b', 6, 4, 6, 2)], 'a', 1, 0);
      expect(at(items)).toEqual({ a: { x: 1, y: 4, w: 6, h: 2 }, b: { x: 6, y: 6, w: 6, h: 2 } });
    });

    it.each([
      ['left edge', 'ArrowLeft', { x: 0, y: 0, w: 4, h: 2 }],
      ['top edge', 'ArrowUp', { x: 0, y: 0, w: 4, h: 2 }],
    ])('stops at the %s', (_, key, expected) => {
      const action = layoutKeyAction(key, false)!;
      expect(applyKeyAction([item('a', 0, 0, 4, 2)], 'a', action)[0].position).toEqual(expected);
    });

    it('stops at the right edge: x + w stays within 12 columns', () => {
      expect(moveBy([item('a', 8, 0, 4, 2)], 'a', 1, 0)[0].position).toEqual({ x: 8, y: 0, w: 4, h: 2 });
    });

    it('ignores an unknown widget', () => {
      const items = [item('a', 0, 0, 4, 2)];
      expect(moveBy(items, 'nope', 1, 0)).toEqual(items);
    });
  });

  describe('resizing', () => {
    it('grows and shrinks by a cell', () => {
      expect(resizeBy([item('a', 0, 0, 4, 2)], 'a', 1, 1)[0].position).toEqual({ x: 0, y: 0, w: 5, h: 3 });
      expect(resizeBy([item('a', 0, 0, 4, 2)], 'a', -1, -1)[0].position).toEqual({ x: 0, y: 0, w: 3, h: 1 });
    });

    it.each([
      ['narrower than a cell', { w: 0, h: 2 }, { x: 6, y: 0, w: 1, h: 2 }],
      ['past the last column', { w: 9, h: 2 }, { x: 6, y: 0, w: 6, h: 2 }],
      ['taller than 12 rows', { w: 2, h: 13 }, { x: 6, y: 0, w: 2, h: 12 }],
    ])('is clamped when %s', (_, size, expected) => {
      expect(resizeWidget([item('a', 6, 0, 2, 2)], 'a', size)[0].position).toEqual(expected);
    });

    it('pushes what it grows onto below it instead of swapping', () => {
      const items = resizeBy([item('a', 0, 4, 6, 2), item('b', 0, 6, 6, 2), item('c', 0, 0, 6, 2)], 'a', 0, 1);
      expect(at(items)).toEqual({ a: { x: 0, y: 4, w: 6, h: 3 }, b: { x: 0, y: 7, w: 6, h: 2 }, c: { x: 0, y: 0, w: 6, h: 2 } });
    });
  });

  describe('resolveCollisions', () => {
    it('settles a crowded layout without any overlap and keeps the stored order', () => {
      const items = [item('big', 0, 0, 12, 4), item('a', 0, 0, 4, 2), item('b', 4, 1, 4, 2), item('c', 0, 2, 12, 2), item('d', 2, 4, 3, 3)];
      const out = resolveCollisions(items, 'big');
      expect(out.map((i) => i.id)).toEqual(['big', 'a', 'b', 'c', 'd']);
      expect(out[0].position).toEqual({ x: 0, y: 0, w: 12, h: 4 });
      expect(noOverlap(out)).toBe(true);
    });
  });

  describe('compactLayout', () => {
    it('lifts every widget as far as it can, keeping columns and reading order', () => {
      const items = [item('a', 0, 3, 6, 2), item('b', 6, 1, 6, 2), item('c', 0, 9, 12, 2)];
      expect(at(compactLayout(items))).toEqual({ a: { x: 0, y: 0, w: 6, h: 2 }, b: { x: 6, y: 0, w: 6, h: 2 }, c: { x: 0, y: 2, w: 12, h: 2 } });
    });

    it('leaves a compact layout as it is', () => {
      const items = [item('a', 0, 0, 3, 2), item('b', 3, 0, 9, 4), item('c', 0, 2, 3, 2)];
      expect(compactLayout(items)).toEqual(items);
    });
  });

  describe('narrowOrder', () => {
    it('orders by row, then column (the one-column order on a phone)', () => {
      const items = [item('right', 6, 0, 6, 2), item('below', 0, 4, 12, 2), item('left', 0, 0, 6, 4), item('mid', 6, 2, 6, 2)];
      expect(narrowOrder(items).map((i) => i.id)).toEqual(['left', 'right', 'mid', 'below']);
    });
  });

  describe('firstFreeSpot', () => {
    it('fills the first gap wide enough', () => {
      const items = [item('a', 0, 0, 3, 2), item('b', 6, 0, 6, 2)];
      expect(firstFreeSpot(items, { w: 3, h: 2 })).toEqual({ x: 3, y: 0, w: 3, h: 2 });
    });

    it('goes below everything when no gap fits', () => {
      const items = [item('a', 0, 0, 12, 2), item('b', 0, 2, 8, 3)];
      expect(firstFreeSpot(items, { w: 6, h: 4 })).toEqual({ x: 0, y: 5, w: 6, h: 4 });
    });

    it('starts an empty dashboard at the top left', () => {
      expect(firstFreeSpot([], { w: 6, h: 4 })).toEqual({ x: 0, y: 0, w: 6, h: 4 });
    });
  });

  describe('keyboard', () => {
    it.each([
      ['ArrowLeft', false, { kind: 'move', dx: -1, dy: 0 }],
      ['ArrowRight', false, { kind: 'move', dx: 1, dy: 0 }],
      ['ArrowUp', false, { kind: 'move', dx: 0, dy: -1 }],
      ['ArrowDown', false, { kind: 'move', dx: 0, dy: 1 }],
      ['ArrowRight', true, { kind: 'resize', dw: 1, dh: 0 }],
      ['ArrowLeft', true, { kind: 'resize', dw: -1, dh: 0 }],
      ['ArrowDown', true, { kind: 'resize', dw: 0, dh: 1 }],
      ['ArrowUp', true, { kind: 'resize', dw: 0, dh: -1 }],
      ['Enter', false, null],
      ['a', true, null],
    ])('%s (shift %s) → %o', (key, shift, expected) => {
      expect(layoutKeyAction(key, shift)).toEqual(expected);
    });
  });

  describe('pointer', () => {
    it('turns pixels into cells, to the nearest cell', () => {
      const m = gridMetrics(12 * 80 + 11 * 16, 64, 16);
      expect(m.columnWidth).toBe(80);
      expect(cellsTravelled(100, 85, m)).toEqual({ dx: 1, dy: 1 });
      expect(cellsTravelled(-40, 30, m)).toEqual({ dx: 0, dy: 0 });
      expect(cellsTravelled(-200, -170, m)).toEqual({ dx: -2, dy: -2 });
    });
  });

  it('counts the rows a layout takes', () => {
    expect(layoutRows([item('a', 0, 0, 3, 2), item('b', 0, 5, 3, 4)])).toBe(9);
    expect(layoutRows([])).toBe(0);
  });
});
