import { Component, computed, ElementRef, inject, input, output } from '@angular/core';
import type { DashboardWidget } from '@mailpulse/contracts';
import { LayoutKeyAction, layoutKeyAction } from './dashboard-layout';
import { KIND_LABELS } from './dashboard-draft';
import { AnomaliesWidget } from './anomalies.widget';
import { FunnelWidget } from './funnel.widget';
import { KpiWidget } from './kpi.widget';
import { LiveFeedWidget } from './live-feed.widget';
import { TimeseriesWidget } from './timeseries.widget';
import { TopDomainsWidget } from './top-domains.widget';
import { TopLinksWidget } from './top-links.widget';
import { rangeOption } from './widget-figures';

/** Height of one grid row and the gap between cells, in pixels (the grid's CSS uses the same). */
export const ROW_HEIGHT = 64;
export const CELL_GAP = 16;
/** The card's padding and title row, which the body does not get. */
const CHROME = 68;

/**
 * One widget on the grid: its card, title and range, the body of its kind (each with its own loading, empty and
 * error state), and in edit mode its tools: drag by the title bar, resize by the corner, arrow keys on the focused
 * card to move it and shift + arrows to resize it.
 */
@Component({
  selector: 'app-dashboard-widget',
  imports: [KpiWidget, TimeseriesWidget, FunnelWidget, TopLinksWidget, TopDomainsWidget, LiveFeedWidget, AnomaliesWidget],
  host: {
    class: 'card widget',
    role: 'group',
    '[attr.aria-label]': 'widget().title',
    '[attr.aria-description]': "editing() ? 'Arrow keys move it by one cell, Shift and arrow keys resize it.' : null",
    '[attr.data-widget-id]': 'widget().id',
    '[attr.data-kind]': 'widget().kind',
    '[attr.tabindex]': 'editing() ? 0 : null',
    '[class.editing]': 'editing()',
    '[class.has-error]': '!!problem()',
    '[style.--col]': 'column()',
    '[style.--row]': 'row()',
    '[style.--height]': "height() + 'px'",
    '(keydown)': 'onKey($event)',
  },
  template: `
    <header class="head" (pointerdown)="onGrab($event)">
      @if (editing()) { <span class="grip" aria-hidden="true" title="Drag to move">⠿</span> }
      <h2 class="title" [title]="widget().title">{{ widget().title }}</h2>
      <span class="range" [title]="kindLabel()">{{ rangeLabel() }}</span>
      @if (editing()) {
        <span class="tools">
          <button class="btn tool" type="button" (click)="edit.emit()" [attr.aria-label]="'Settings of ' + widget().title" title="Settings" data-testid="widget-settings">✎</button>
          <button class="btn tool danger" type="button" (click)="remove.emit()" [attr.aria-label]="'Remove ' + widget().title" title="Remove" data-testid="widget-remove">✕</button>
        </span>
      }
    </header>
    @if (problem(); as p) { <p class="error-text field-error" role="alert" data-testid="widget-error">{{ p }}</p> }
    <div class="body">
      @switch (widget().kind) {
        @case ('kpi') { <app-kpi-widget [widget]="widget()" /> }
        @case ('timeseries') { <app-timeseries-widget [widget]="widget()" [height]="chartHeight()" /> }
        @case ('funnel') { <app-funnel-widget [widget]="widget()" /> }
        @case ('top-links') { <app-top-links-widget [widget]="widget()" /> }
        @case ('top-domains') { <app-top-domains-widget [widget]="widget()" /> }
        @case ('live-feed') { <app-live-feed-widget [widget]="widget()" /> }
        @case ('anomalies') { <app-anomalies-widget [widget]="widget()" /> }
      }
    </div>
    @if (editing()) {
      <span class="resize" (pointerdown)="onResizeGrab($event)" title="Drag to resize" aria-hidden="true"></span>
    }
  `,
  styleUrl: './dashboard-widget.css',
})
export class DashboardWidgetFrame {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  readonly widget = input.required<DashboardWidget>();
  readonly editing = input(false);
  /** The API's message for this widget after a refused save, shown on the card. */
  readonly problem = input<string | null>(null);
  readonly grab = output<PointerEvent>();
  readonly grabResize = output<PointerEvent>();
  readonly keyAction = output<LayoutKeyAction>();
  readonly edit = output<void>();
  readonly remove = output<void>();

  protected readonly column = computed(() => `${this.widget().position.x + 1} / span ${this.widget().position.w}`);
  protected readonly row = computed(() => `${this.widget().position.y + 1} / span ${this.widget().position.h}`);
  protected readonly height = computed(() => this.widget().position.h * ROW_HEIGHT + (this.widget().position.h - 1) * CELL_GAP);
  protected readonly chartHeight = computed(() => Math.max(80, this.height() - CHROME - (this.problem() ? 24 : 0)));
  protected readonly rangeLabel = computed(() => rangeOption(this.widget().range).label);
  protected readonly kindLabel = computed(() => `${KIND_LABELS[this.widget().kind]} · ${rangeOption(this.widget().range).title.toLowerCase()}`);

  protected onKey(event: KeyboardEvent): void {
    // Only on the card itself: arrows inside a control keep their own meaning.
    if (!this.editing() || event.target !== this.host.nativeElement) return;
    const action = layoutKeyAction(event.key, event.shiftKey);
    if (!action) return;
    event.preventDefault();
    this.keyAction.emit(action);
  }

  protected onGrab(event: PointerEvent): void {
    if (!this.editing() || event.button !== 0 || (event.target as Element).closest('button')) return;
    this.grab.emit(event);
  }

  protected onResizeGrab(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.stopPropagation();
    this.grabResize.emit(event);
  }
}
