import { Component, computed, inject, input } from '@angular/core';
import type { DashboardWidget, TimeSeriesMetric, TimeSeriesPoint } from '@mailpulse/contracts';
import { describeChange, describeRateChange, formatCount, formatMoney, formatRate } from '../format/locale-format';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { kpiFigure, kpiReads, lowerIsBetter, metricFormat, RANGE_WORDS, widgetWindow } from './widget-figures';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

/** One number of the widget's metric over its range (GET /v1/timeseries, summed; rates over the whole range), with its change. */
@Component({
  selector: 'app-kpi-widget',
  imports: [LoadingView, WidgetProblem],
  template: `
    @if (figure.problem(); as p) {
      <app-widget-problem [problem]="p" feature="Time series" (retry)="figure.reload()" />
    } @else if (figure.data(); as f) {
      <div class="kpi">
        <strong class="value" data-testid="kpi-value">{{ valueText() }}</strong>
        @if (f.current === null) {
          <span class="muted note" data-testid="widget-empty">Nothing to measure in the {{ rangeWords() }}</span>
        } @else {
          <span class="change {{ change().direction }}" [class.inverse]="inverse()">{{ arrow() }} {{ change().text }} @if (compared()) { <span class="muted">vs the {{ previousWords() }}</span> }</span>
        }
      </div>
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: block; }
    .kpi { display: flex; flex-direction: column; gap: 2px; }
    .value { font-size: 28px; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.15; }
    .change, .note { font-size: 12.5px; font-weight: 600; color: var(--text-muted); }
    .change .muted { font-weight: 400; }
    .change.up { color: var(--ok); } .change.down { color: var(--bad); }
    .change.inverse.up { color: var(--bad); } .change.inverse.down { color: var(--ok); }
  `,
})
export class KpiWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  private readonly metric = computed<TimeSeriesMetric>(() => this.widget().metric ?? 'sent');

  protected readonly figure = widgetLoader(
    () => JSON.stringify([this.metric(), this.widget().range, this.widget().verdict, this.widget().filters]),
    async () => {
      const w = this.widget();
      const win = widgetWindow(w.range, Date.now());
      const reads = kpiReads(this.metric());
      const answers = await Promise.all(reads.map((m) => this.data.series(m, win, w.verdict ?? 'human', w.filters)));
      const points: Partial<Record<TimeSeriesMetric, TimeSeriesPoint[]>> = {};
      reads.forEach((m, i) => (points[m] = answers[i].points));
      return kpiFigure(this.metric(), points, win.split);
    },
  );

  protected readonly rangeWords = computed(() => RANGE_WORDS[this.widget().range].toLowerCase());
  protected readonly previousWords = computed(() => `previous ${RANGE_WORDS[this.widget().range].replace(/^Last /, '')}`);
  protected readonly inverse = computed(() => lowerIsBetter(this.metric()));

  protected readonly valueText = computed(() => {
    const f = this.figure.data();
    if (!f) return '';
    switch (metricFormat(this.metric())) {
      case 'rate':
        return formatRate(f.current);
      case 'money':
        return formatMoney(f.current);
      case 'count':
        return formatCount(f.current);
    }
  });

  protected readonly change = computed(() => {
    const f = this.figure.data();
    if (!f || f.current === null) return { direction: 'flat' as const, text: '' };
    return metricFormat(this.metric()) === 'rate' ? describeRateChange(f.current, f.previous) : describeChange(f.current, f.previous);
  });

  /** "+12 % vs the previous 7 days"; "new this period" and "no earlier data" say it themselves. */
  protected readonly compared = computed(() => ['up', 'down'].includes(this.change().direction) || this.change().text === 'no change');
  protected readonly arrow = computed(() => ({ up: '▲', down: '▼', flat: '', new: '●' })[this.change().direction]);
}
