import type { WidgetPosition } from '@mailpulse/contracts';
import { GRID } from './dashboard-vocabulary';

/**
 * The dashboard grid's layout rules, as pure functions over `{ id, position }` items: widgets stay inside the 12
 * columns and never overlap. Every function returns new items and leaves its input alone; the stored order of the
 * items is kept (the API stores the portal's order, the layout is by position).
 *
 * Placement is free: a widget stays where it is put, gaps included ("Close gaps" compacts on request). When a
 * widget is moved or resized onto others, they make room: a widget it came down onto goes up above it when there
 * is room there (so moving down past a widget swaps the two), else it goes down below it, pushing whatever it then
 * covers further down.
 */
export interface LayoutItem {
  id: string;
  position: WidgetPosition;
}

export function overlaps(a: WidgetPosition, b: WidgetPosition): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** Whole cells, size 1..12, inside the 12 columns (x + w ≤ 12; a widget too wide for its x moves left), rows 0..200. */
export function clampPosition(p: WidgetPosition): WidgetPosition {
  const w = clamp(p.w, GRID.minSize, Math.min(GRID.maxSize, GRID.gridColumns));
  const h = clamp(p.h, GRID.minSize, GRID.maxSize);
  return { x: clamp(p.x, 0, GRID.gridColumns - w), y: clamp(p.y, 0, GRID.maxRow), w, h };
}

function copy<T extends LayoutItem>(items: readonly T[]): T[] {
  return items.map((i) => ({ ...i, position: { ...i.position } }));
}

function byRowThenColumn(a: LayoutItem, b: LayoutItem): number {
  return a.position.y - b.position.y || a.position.x - b.position.x;
}

/**
 * Makes room around `mover` (already in place): each widget it covers moves up above it when `swapBelow` says the
 * widget was below the mover's earlier top row and there is room above; otherwise it goes right below the mover and
 * makes room in turn (downwards only, so this ends).
 */
function makeRoom(list: LayoutItem[], mover: LayoutItem, swapBelow: number | null): void {
  const covered = list.filter((o) => o !== mover && overlaps(o.position, mover.position)).sort(byRowThenColumn);
  for (const other of covered) {
    if (!overlaps(other.position, mover.position)) continue;
    if (swapBelow !== null && other.position.y > swapBelow) {
      const above = { ...other.position, y: mover.position.y - other.position.h };
      if (above.y >= 0 && !list.some((o) => o !== other && overlaps(o.position, above))) {
        other.position = above;
        continue;
      }
    }
    other.position = { ...other.position, y: mover.position.y + mover.position.h };
    makeRoom(list, other, null);
  }
}

/** The widget `id` keeps `position`; the others make room (see the file comment). */
export function resolveCollisions<T extends LayoutItem>(items: readonly T[], id: string, swapBelow: number | null = null): T[] {
  const list = copy(items);
  const mover = list.find((i) => i.id === id);
  if (mover) makeRoom(list, mover, swapBelow);
  return list;
}

/** Puts widget `id` at `to` (clamped to the grid) and lets the others make room. */
export function moveWidget<T extends LayoutItem>(items: readonly T[], id: string, to: { x: number; y: number }): T[] {
  const current = items.find((i) => i.id === id);
  if (!current) return copy(items);
  const position = clampPosition({ ...current.position, x: to.x, y: to.y });
  const placed = items.map((i) => (i.id === id ? { ...i, position } : i));
  // Only a widget that came down may swap with one it came down onto.
  const swapBelow = position.y > current.position.y ? current.position.y : null;
  return resolveCollisions(placed, id, swapBelow);
}

/** Gives widget `id` the size `to` (clamped: 1..12 and inside the columns from its x) and lets the others make room. */
export function resizeWidget<T extends LayoutItem>(items: readonly T[], id: string, to: { w: number; h: number }): T[] {
  const current = items.find((i) => i.id === id);
  if (!current) return copy(items);
  const { x, y } = current.position;
  const w = clamp(to.w, GRID.minSize, GRID.gridColumns - x);
  const h = clamp(to.h, GRID.minSize, GRID.maxSize);
  const placed = items.map((i) => (i.id === id ? { ...i, position: { x, y, w, h } } : i));
  return resolveCollisions(placed, id);
}

export function moveBy<T extends LayoutItem>(items: readonly T[], id: string, dx: number, dy: number): T[] {
  const p = items.find((i) => i.id === id)?.position;
  return p ? moveWidget(items, id, { x: p.x + dx, y: p.y + dy }) : copy(items);
}

export function resizeBy<T extends LayoutItem>(items: readonly T[], id: string, dw: number, dh: number): T[] {
  const p = items.find((i) => i.id === id)?.position;
  return p ? resizeWidget(items, id, { w: p.w + dw, h: p.h + dh }) : copy(items);
}

/** Closes the gaps: in row order, each widget rises as far as it can without covering another. Columns stay. */
export function compactLayout<T extends LayoutItem>(items: readonly T[]): T[] {
  const list = copy(items);
  const placed: LayoutItem[] = [];
  for (const item of [...list].sort(byRowThenColumn)) {
    let y = item.position.y;
    while (y > 0 && !placed.some((p) => overlaps(p.position, { ...item.position, y: y - 1 }))) y--;
    item.position = { ...item.position, y };
    placed.push(item);
  }
  return list;
}

/** Reading order: by row, then column. On a narrow screen the widgets stack in one column in this order. */
export function narrowOrder<T extends LayoutItem>(items: readonly T[]): T[] {
  return [...items].sort(byRowThenColumn);
}

/** The first spot, top to bottom and left to right, where a widget of this size covers no other; else below all. */
export function firstFreeSpot(items: readonly LayoutItem[], size: { w: number; h: number }): WidgetPosition {
  const { w, h } = clampPosition({ x: 0, y: 0, ...size });
  const bottom = items.reduce((max, i) => Math.max(max, i.position.y + i.position.h), 0);
  for (let y = 0; y <= Math.min(bottom, GRID.maxRow); y++) {
    for (let x = 0; x + w <= GRID.gridColumns; x++) {
      const spot = { x, y, w, h };
      if (!items.some((i) => overlaps(i.position, spot))) return spot;
    }
  }
  return { x: 0, y: Math.min(bottom, GRID.maxRow), w, h };
}

/** What a key press on a focused widget does: arrows move it by one cell, shift + arrows resize it by one. */
export type LayoutKeyAction = { kind: 'move'; dx: number; dy: number } | { kind: 'resize'; dw: number; dh: number };

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function layoutKeyAction(key: string, shift: boolean): LayoutKeyAction | null {
  const step = ARROWS[key];
  if (!step) return null;
  return shift ? { kind: 'resize', dw: step[0], dh: step[1] } : { kind: 'move', dx: step[0], dy: step[1] };
}

export function applyKeyAction<T extends LayoutItem>(items: readonly T[], id: string, action: LayoutKeyAction): T[] {
  return action.kind === 'move' ? moveBy(items, id, action.dx, action.dy) : resizeBy(items, id, action.dw, action.dh);
}

/** The grid as drawn: column width and row height in pixels, and the gap between cells. */
export interface GridMetrics {
  columnWidth: number;
  rowHeight: number;
  gap: number;
}

/** Column width of a grid `width` pixels wide with 12 columns and `gap` between them. */
export function gridMetrics(width: number, rowHeight: number, gap: number): GridMetrics {
  return { columnWidth: Math.max(1, (width - (GRID.gridColumns - 1) * gap) / GRID.gridColumns), rowHeight, gap };
}

/** How many cells a pointer moved by `dx`, `dy` pixels has travelled (to the nearest cell). */
export function cellsTravelled(dx: number, dy: number, m: GridMetrics): { dx: number; dy: number } {
  return { dx: Math.round(dx / (m.columnWidth + m.gap)) || 0, dy: Math.round(dy / (m.rowHeight + m.gap)) || 0 };
}

/** The rows the layout takes: the lowest widget's bottom edge. */
export function layoutRows(items: readonly LayoutItem[]): number {
  return items.reduce((max, i) => Math.max(max, i.position.y + i.position.h), 0);
}
