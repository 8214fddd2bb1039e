import { Component, computed, inject, input } from '@angular/core';
import type { DashboardWidget } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { CountPipe, DateTimePipe } from '../format/format.pipes';
import { formatRelative, formatTime } from '../format/locale-format';
import { LiveStream } from '../live/live-stream';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { feedLines } from './feed-lines';
import { WidgetDataService } from './widget-data.service';
import { RANGE_WORDS, rangeOption } from './widget-figures';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

/** The live event stream: events per second of the last minute, and the latest events (from `range` ago when opened). */
@Component({
  selector: 'app-live-feed-widget',
  imports: [Chart, CountPipe, DateTimePipe, EmptyView, LoadingView, WidgetProblem],
  template: `
    <div class="head">
      <span class="pill" [class.ok]="live.status() === 'live'" [class.warn]="live.status() !== 'live'" [title]="live.statusDetail()">{{ statusWord() }}</span>
      <span class="muted"><b data-testid="live-feed-count">{{ lastMinute() | count }}</b> events in the last 60 s</span>
    </div>
    <app-chart [options]="sparkline()" [height]="40" label="Events per second over the last 60 seconds" />
    @if (events.problem(); as p) {
      <app-widget-problem [problem]="p" feature="The event explorer" (retry)="events.reload()" />
    } @else if (events.data()) {
      @if (lines().length === 0) {
        <app-empty [title]="'No events in the ' + rangeWords()">Events appear here as they arrive.</app-empty>
      } @else {
        <ul class="feed">
          @for (l of lines(); track l.key) {
            <li>
              <time class="muted" [attr.datetime]="l.at" [title]="l.at | dateTime">{{ when(l.at) }}</time>
              <span class="pill" [class.info]="l.tone === 'info'" [class.warn]="l.tone === 'warn'" [class.bad]="l.tone === 'bad'">{{ l.label }}</span>
              <span class="text" [title]="l.text">{{ l.text }}</span>
            </li>
          }
        </ul>
      }
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 4px; height: 100%; min-height: 0; }
    .head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 13px; }
    .head b { font-variant-numeric: tabular-nums; color: var(--text); }
    .feed { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; min-height: 0; }
    li { display: flex; gap: 8px; align-items: baseline; padding: 4px 0; border-bottom: 1px solid var(--border); font-size: 13px; }
    li:last-child { border-bottom: 0; }
    time { font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .text { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  `,
})
export class LiveFeedWidget {
  private readonly data = inject(WidgetDataService);
  protected readonly live = inject(LiveStream);
  readonly widget = input.required<DashboardWidget>();
  protected readonly rangeWords = computed(() => RANGE_WORDS[this.widget().range].toLowerCase());

  protected readonly events = widgetLoader(
    () => JSON.stringify([this.widget().range, this.widget().filters?.campaignId]),
    async () => {
      const w = this.widget();
      const from = new Date(Date.now() - rangeOption(w.range).ms).toISOString();
      return (await this.data.events(from, w.filters?.campaignId, 40)).items;
    },
    3_000,
  );
  protected readonly lines = computed(() => feedLines(this.events.data() ?? [], this.live.notices(), this.widget().filters?.campaignId));

  protected readonly statusWord = computed(() => ({ live: 'live', connecting: 'connecting', lost: 'reconnecting', refused: 'paused', off: 'off' })[this.live.status()]);
  protected readonly lastMinute = computed(() => {
    this.live.tick();
    return this.live.perSecond().reduce((s, [, n]) => s + n, 0);
  });
  protected readonly sparkline = computed<EChartsCoreOption>(() => {
    this.live.tick();
    return {
      grid: { left: 0, right: 0, top: 4, bottom: 0, containLabel: false },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} events` },
      xAxis: { type: 'time', show: false },
      yAxis: { type: 'value', show: false, min: 0, minInterval: 1 },
      series: [{ type: 'line', data: this.live.perSecond(), showSymbol: false, smooth: true, areaStyle: { opacity: 0.18 }, lineStyle: { width: 2 }, animation: false }],
    };
  });

  /** Today's lines by clock time, older ones by how long ago. */
  protected when(at: string): string {
    return Date.now() - Date.parse(at) < 12 * 3_600_000 ? formatTime(at) : formatRelative(at);
  }
}
