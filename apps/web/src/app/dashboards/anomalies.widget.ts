import { Component, computed, inject, input } from '@angular/core';
import type { DashboardWidget } from '@mailpulse/contracts';
import { anomalyDirection, anomalyMetric, AnomalyRecord } from '../anomalies/anomaly.types';
import { DateTimePipe } from '../format/format.pipes';
import { formatCount, formatRate } from '../format/locale-format';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { anomaliesWithin, RANGE_WORDS } from './widget-figures';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

/** The anomalies the detector found within the widget's range (GET /v1/anomalies), newest first. */
@Component({
  selector: 'app-anomalies-widget',
  imports: [DateTimePipe, EmptyView, LoadingView, WidgetProblem],
  template: `
    @if (list.problem(); as p) {
      <app-widget-problem [problem]="p" feature="Anomaly detection" (retry)="list.reload()" />
    } @else if (list.data(); as all) {
      @if (rows().length === 0) {
        <app-empty [title]="'No anomalies in the ' + rangeWords()">Volume, bounce, complaint, open and deferral rates are compared with their usual level each hour.</app-empty>
      } @else {
        <ul>
          @for (a of rows(); track a.id) {
            <li>
              <span class="pill" [class.bad]="a.severity === 'critical'" [class.warn]="a.severity === 'warning'">{{ a.severity }}</span>
              <span class="what"><b>{{ metric(a.metric).label }} {{ direction(a) }}</b> · {{ a.recipientDomain || 'all domains' }}
                <span class="muted">{{ value(a, a.observed) }} (usual {{ value(a, a.lower) }} – {{ value(a, a.upper) }})</span></span>
              <time class="muted" [attr.datetime]="a.bucketStart">{{ a.bucketStart | dateTime }}</time>
            </li>
          }
        </ul>
      }
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; padding: 6px 0; border-bottom: 1px solid var(--border); font-size: 13px; }
    li:last-child { border-bottom: 0; }
    .what { flex: 1; min-width: 160px; }
    time { font-size: 12px; white-space: nowrap; }
  `,
})
export class AnomaliesWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  protected readonly metric = anomalyMetric;
  protected readonly rangeWords = computed(() => RANGE_WORDS[this.widget().range].toLowerCase());
  protected readonly list = widgetLoader(() => 'anomalies', () => this.data.anomalies(), 30_000);
  protected readonly rows = computed(() => anomaliesWithin(this.list.data() ?? [], this.widget().range, Date.now(), this.widget().filters?.domain).slice(0, 50));

  protected direction(a: AnomalyRecord): string {
    const d = anomalyDirection(a);
    return d === 'inside' ? '' : d === 'above' ? 'spiked' : 'dropped';
  }

  protected value(a: AnomalyRecord, v: number): string {
    return anomalyMetric(a.metric).rate ? formatRate(v) : formatCount(v);
  }
}
