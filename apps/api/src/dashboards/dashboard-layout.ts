import { DASHBOARD_LIMITS, type WidgetPosition } from '@mailpulse/contracts';

/** A problem with a dashboard's layout as a whole: which widget (by index) and which of its fields, and why. */
export interface LayoutProblem {
  index: number;
  path: (string | number)[];
  message: string;
}

function overlaps(a: WidgetPosition, b: WidgetPosition): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * The layout rules that span fields or widgets (each field's own range is checked by the body schema): a widget
 * ends within the grid's columns, no two widgets overlap, and widget ids are unique. The first problem, in widget
 * order, or null.
 */
export function findLayoutProblem(widgets: readonly { id?: string; position: WidgetPosition }[]): LayoutProblem | null {
  const columns = DASHBOARD_LIMITS.gridColumns;
  const ids = new Map<string, number>();
  for (const [index, widget] of widgets.entries()) {
    const { x, w } = widget.position;
    if (x + w > columns) {
      return { index, path: ['position', 'w'], message: `must be at most ${columns - x} when x is ${x} (x + w must be at most ${columns})` };
    }
    if (widget.id !== undefined) {
      const first = ids.get(widget.id);
      if (first !== undefined) return { index, path: ['id'], message: `is the id of widgets[${first}] already; widget ids must be unique` };
      ids.set(widget.id, index);
    }
    for (let other = 0; other < index; other++) {
      if (overlaps(widgets[other]!.position, widget.position)) {
        return { index, path: ['position'], message: `overlaps widgets[${other}]; widgets may not cover the same grid cells` };
      }
    }
  }
  return null;
}
