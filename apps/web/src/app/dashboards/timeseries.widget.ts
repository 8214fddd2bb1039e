import { Component, computed, inject, input } from '@angular/core';
import type { DashboardWidget, TimeSeriesMetric, TimeSeriesResponse } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { formatCompact, formatMoney, formatRate } from '../format/locale-format';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { METRIC_LABELS, metricFormat, RANGE_WORDS, verdictSplit, widgetWindow } from './widget-figures';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

interface Line {
  name: string;
  series: TimeSeriesResponse;
}

const VERDICT_WORDS = { human: 'Human', machine: 'Machine', total: 'All' } as const;

/** The widget's metric over its range (GET /v1/timeseries); total opens or clicks as human and machine stacked. */
@Component({
  selector: 'app-timeseries-widget',
  imports: [Chart, EmptyView, LoadingView, WidgetProblem],
  template: `
    @if (lines.problem(); as p) {
      <app-widget-problem [problem]="p" feature="Time series" (retry)="lines.reload()" />
    } @else if (lines.data(); as l) {
      @if (isEmpty()) {
        <app-empty [title]="'No ' + label().toLowerCase() + ' in the ' + rangeWords()">The chart fills in as events arrive.</app-empty>
      } @else if (chart(); as c) {
        <app-chart [options]="c" [height]="height()" [label]="label() + ', ' + rangeWords()" />
      }
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `:host { display: block; }`,
})
export class TimeseriesWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  readonly height = input(200);
  private readonly metric = computed<TimeSeriesMetric>(() => this.widget().metric ?? 'sent');
  protected readonly label = computed(() => METRIC_LABELS[this.metric()]);
  protected readonly rangeWords = computed(() => RANGE_WORDS[this.widget().range].toLowerCase());

  protected readonly lines = widgetLoader(
    () => JSON.stringify([this.metric(), this.widget().range, this.widget().verdict, this.widget().filters]),
    async (): Promise<Line[]> => {
      const w = this.widget();
      const win = widgetWindow(w.range, Date.now());
      const current = { ...win, from: win.currentFrom };
      const verdicts = verdictSplit(w) ?? [w.verdict ?? 'human'];
      const answers = await Promise.all(verdicts.map((v) => this.data.series(this.metric(), current, v, w.filters)));
      return answers.map((series, i) => ({ name: verdicts.length > 1 ? VERDICT_WORDS[verdicts[i]] : this.label(), series }));
    },
  );

  protected readonly isEmpty = computed(() => (this.lines.data() ?? []).every((l) => l.series.points.every((p) => !p.value)));

  protected readonly chart = computed<EChartsCoreOption | null>(() => {
    const lines = this.lines.data();
    if (!lines?.length) return null;
    const format = metricFormat(this.metric());
    const show = (v: number) => (format === 'rate' ? formatRate(v) : format === 'money' ? formatMoney(v) : formatCompact(v));
    const bars = lines[0].series.bucket === 'day';
    const stacked = lines.length > 1;
    return {
      legend: { show: stacked },
      grid: { left: 4, right: 8, top: stacked ? 28 : 8, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : show(v)) },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: format === 'count' ? 1 : undefined, axisLabel: { formatter: show } },
      series: lines.map((l) => ({
        name: l.name,
        type: bars ? 'bar' : 'line',
        stack: stacked ? 'verdict' : undefined,
        data: l.series.points.map((p) => [Date.parse(p.t), p.value]),
        showSymbol: false,
        areaStyle: bars ? undefined : { opacity: stacked ? 0.35 : 0.12 },
      })),
    };
  });
}
