import { afterNextRender, Component, computed, ElementRef, inject, Injector, input, linkedSignal, output, signal, viewChild } from '@angular/core';
import type { DashboardWidget } from '@mailpulse/contracts';
import { applyKeyAction, cellsTravelled, gridMetrics, LayoutKeyAction, layoutRows, moveWidget, narrowOrder, resizeWidget } from './dashboard-layout';
import { CELL_GAP, DashboardWidgetFrame, ROW_HEIGHT } from './dashboard-widget';

interface Drag {
  id: string;
  mode: 'move' | 'resize';
  pointerId: number;
  startX: number;
  startY: number;
  /** The layout when the drag began: every step is worked out from it, so the others do not drift. */
  origin: DashboardWidget[];
}

/** One column from this width down: the widgets stack in reading order and are not dragged. */
const NARROW = '(max-width: 640px)';

/**
 * The 12-column grid: places each widget by its position and, in edit mode, moves and resizes them by pointer
 * (title bar and corner) and keyboard (arrows, shift + arrows on a focused widget). The widgets are in reading
 * order in the page (by row, then column), so a phone and a screen reader get them in the order they are seen.
 */
@Component({
  selector: 'app-dashboard-grid',
  imports: [DashboardWidgetFrame],
  template: `
    <div #grid class="dash-grid" [class.editing]="editing()" [class.dragging]="drag() !== null" [style.--rows]="rows()" data-testid="dashboard-grid">
      @for (w of shown(); track w.id) {
        <app-dashboard-widget
          [widget]="w"
          [editing]="editing()"
          [problem]="problems()[w.id] ?? null"
          [class.moving]="drag()?.id === w.id"
          (grab)="startDrag($event, w, 'move')"
          (grabResize)="startDrag($event, w, 'resize')"
          (keyAction)="onKey(w, $event)"
          (edit)="editWidget.emit(w.id)"
          (remove)="removeWidget.emit(w.id)"
          (pointermove)="onPointerMove($event)"
          (pointerup)="endDrag($event, true)"
          (pointercancel)="endDrag($event, false)"
          (lostpointercapture)="endDrag($event, true)"
        />
      }
    </div>
    <p class="sr-only" aria-live="polite" data-testid="layout-announcement">{{ announcement() }}</p>
  `,
  styleUrl: './dashboard-grid.css',
})
export class DashboardGrid {
  private readonly injector = inject(Injector);
  private readonly gridRef = viewChild.required<ElementRef<HTMLElement>>('grid');
  readonly widgets = input.required<DashboardWidget[]>();
  readonly editing = input(false);
  /** The API's messages for widgets after a refused save, by widget id. */
  readonly problems = input<Partial<Record<string, string>>>({});
  readonly layoutChange = output<DashboardWidget[]>();
  readonly editWidget = output<string>();
  readonly removeWidget = output<string>();

  /**
   * The layout as last changed here, until the page hands the change back: key presses can come faster than the
   * page renders, and each must start from the one before.
   */
  private readonly layout = linkedSignal(() => this.widgets());
  protected readonly drag = signal<Drag | null>(null);
  private readonly preview = signal<DashboardWidget[] | null>(null);
  protected readonly announcement = signal('');
  /**
   * During a drag the cards keep the order they had when it began (moving the dragged card in the page would end
   * its pointer capture); only their places follow the pointer.
   */
  protected readonly shown = computed(() => {
    const d = this.drag();
    const preview = this.preview();
    if (!d || !preview) return narrowOrder(this.layout());
    const placed = new Map(preview.map((w) => [w.id, w]));
    return narrowOrder(d.origin).map((w) => placed.get(w.id) ?? w);
  });
  /** Edit mode keeps two spare rows below the last widget to drag into. */
  protected readonly rows = computed(() => layoutRows(this.shown()) + (this.editing() ? 2 : 0));

  protected onKey(w: DashboardWidget, action: LayoutKeyAction): void {
    const next = applyKeyAction(this.layout(), w.id, action);
    this.layout.set(next);
    this.layoutChange.emit(next);
    const p = next.find((x) => x.id === w.id)!.position;
    this.announcement.set(`${w.title}: column ${p.x + 1}, row ${p.y + 1}, ${p.w} wide, ${p.h} high`);
    // Reading order may have changed and the card with it: keep the keyboard on the widget that moved.
    afterNextRender(() => this.gridRef().nativeElement.querySelector<HTMLElement>(`[data-widget-id="${CSS.escape(w.id)}"]`)?.focus(), { injector: this.injector });
  }

  protected startDrag(event: PointerEvent, w: DashboardWidget, mode: Drag['mode']): void {
    if (!this.editing() || this.drag() || (typeof matchMedia === 'function' && matchMedia(NARROW).matches)) return;
    event.preventDefault();
    (event.currentTarget as Element | null)?.closest('app-dashboard-widget')?.setPointerCapture(event.pointerId);
    this.drag.set({ id: w.id, mode, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, origin: this.layout() });
  }

  protected onPointerMove(event: PointerEvent): void {
    const d = this.drag();
    if (!d || event.pointerId !== d.pointerId) return;
    const metrics = gridMetrics(this.gridRef().nativeElement.getBoundingClientRect().width, ROW_HEIGHT, CELL_GAP);
    const cells = cellsTravelled(event.clientX - d.startX, event.clientY - d.startY, metrics);
    const start = d.origin.find((x) => x.id === d.id)!.position;
    this.preview.set(
      d.mode === 'move'
        ? moveWidget(d.origin, d.id, { x: start.x + cells.dx, y: start.y + cells.dy })
        : resizeWidget(d.origin, d.id, { w: start.w + cells.dx, h: start.h + cells.dy }),
    );
  }

  protected endDrag(event: PointerEvent, keep: boolean): void {
    const d = this.drag();
    if (!d || event.pointerId !== d.pointerId) return;
    const result = this.preview();
    this.drag.set(null);
    this.preview.set(null);
    if (!keep || !result) return;
    this.layout.set(result);
    this.layoutChange.emit(result);
  }
}
