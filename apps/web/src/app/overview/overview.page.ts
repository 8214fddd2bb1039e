import { HttpClient } from '@angular/common/http';
import { Component, computed, effect, inject, OnDestroy, signal, untracked } from '@angular/core';
import type { EventExplorerResponse, TimeSeriesMetric, TimeSeriesResponse, VerdictVariant } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe } from '../format/format.pipes';
import { formatRelative, formatTime } from '../format/locale-format';
import { workspaceLoader } from '../http/workspace-loader';
import { LiveStream } from '../live/live-stream';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { FirstEventSnippet } from '../ui/first-event';
import { KpiCard } from '../ui/kpi-card';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { CAMPAIGN_EVENT_TYPES, hasCampaignEvents, notableFeed } from './notable-feed';
import { currentPoints, KPIS, RangeOption, RANGES, rangeWindow, safeRatio, splitTotals } from './overview-range';

interface KpiFigures {
  split: number;
  totals: Record<string, { current: number; previous: number }>;
  series: Record<string, TimeSeriesResponse>;
}

const CHART_METRICS: Array<{ metric: TimeSeriesMetric; label: string }> = [
  { metric: 'sent', label: 'Sent' },
  { metric: 'delivered', label: 'Delivered' },
  { metric: 'opens', label: 'Opens' },
  { metric: 'clicks', label: 'Clicks' },
  { metric: 'bounces', label: 'Bounces' },
  { metric: 'complaints', label: 'Complaints' },
  { metric: 'unsubscribes', label: 'Unsubscribes' },
  { metric: 'revenue', label: 'Revenue' },
];
/** After live events arrive, the KPI cards re-read the API at most this often. */
const LIVE_REFRESH_MS = 3000;
const LOWER_IS_BETTER = new Set(['bounces', 'complaints', 'unsubscribes']);

@Component({
  selector: 'app-overview-page',
  imports: [KpiCard, Chart, LoadingView, ProblemView, EmptyView, FirstEventSnippet, CountPipe, DateTimePipe],
  templateUrl: './overview.page.html',
  styleUrl: './overview.page.css',
})
export class OverviewPage implements OnDestroy {
  private readonly http = inject(HttpClient);
  protected readonly live = inject(LiveStream);
  protected readonly ranges = RANGES;
  protected readonly kpis = KPIS;
  protected readonly chartMetrics = CHART_METRICS;
  protected readonly verdicts: Array<{ id: VerdictVariant; label: string }> = [
    { id: 'total', label: 'Total' },
    { id: 'human', label: 'Human' },
    { id: 'machine', label: 'Machine' },
  ];
  protected readonly range = signal<RangeOption>(RANGES[1]);
  protected readonly verdict = signal<VerdictVariant>('total');
  protected readonly chartMetric = signal<TimeSeriesMetric>('sent');
  protected readonly lowerIsBetter = (m: string) => LOWER_IS_BETTER.has(m);

  protected readonly figures = workspaceLoader(() => this.fetchFigures());
  private readonly campaignEvents = workspaceLoader(async () =>
    (await firstValueFrom(this.http.get<EventExplorerResponse>('/v1/events', { params: { type: CAMPAIGN_EVENT_TYPES.join(','), limit: 30 } }))).items,
  );
  protected readonly feed = computed(() => notableFeed(this.live.notices(), this.campaignEvents.data() ?? []));
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private lastRefresh = 0;

  protected readonly liveWord = computed(() => ({ live: 'live', connecting: 'connecting', lost: 'reconnecting', refused: 'paused', off: 'off' })[this.live.status()]);
  protected readonly liveTotal = computed(() => {
    const w = this.live.window();
    return w ? Object.values(w.counts).reduce((s, n) => s + (n ?? 0), 0) : null;
  });

  protected readonly sparkline = computed<EChartsCoreOption>(() => {
    this.live.tick();
    const points = this.live.perSecond();
    return {
      grid: { left: 0, right: 0, top: 4, bottom: 0, containLabel: false },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} events` },
      xAxis: { type: 'time', show: false },
      yAxis: { type: 'value', show: false, min: 0, minInterval: 1 },
      series: [{ type: 'line', data: points, showSymbol: false, smooth: true, areaStyle: { opacity: 0.18 }, lineStyle: { width: 2 }, animation: false }],
    };
  });
  protected readonly lastSecondsTotal = computed(() => {
    this.live.tick();
    return this.live.perSecond().reduce((s, [, n]) => s + n, 0);
  });

  protected readonly isEmpty = computed(() => {
    const f = this.figures.data();
    if (!f) return false;
    return Object.values(f.totals).every((t) => t.current === 0 && t.previous === 0) && !this.liveTotal();
  });

  protected readonly timeChart = computed<EChartsCoreOption | null>(() => {
    const f = this.figures.data();
    const metric = this.chartMetric();
    const series = f?.series[metric];
    if (!f || !series) return null;
    const range = this.range();
    const current = currentPoints(series.points, f.split);
    const previous = series.points.filter((p) => Date.parse(p.t) < f.split).map((p) => [Date.parse(p.t) + range.ms, p.value]);
    const label = CHART_METRICS.find((m) => m.metric === metric)?.label ?? metric;
    return {
      legend: { data: [label, 'Previous period'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: label, type: range.bucket === 'day' ? 'bar' : 'line', data: current, showSymbol: false, areaStyle: range.bucket === 'day' ? undefined : { opacity: 0.12 } },
        { name: 'Previous period', type: 'line', data: previous, showSymbol: false, lineStyle: { type: 'dashed', width: 1 }, itemStyle: { opacity: 0.6 } },
      ],
    };
  });

  constructor() {
    // Live events: re-read the KPIs shortly after, so the cards move within seconds without hammering the API.
    effect(() => {
      if (this.live.lastDeltaAt() === null) return;
      untracked(() => this.scheduleRefresh());
    });
    // A campaign was created, started, paused or stopped: show it in the feed at once.
    effect(() => {
      if (hasCampaignEvents(Object.fromEntries(this.live.lastDeltaTypes().map((t) => [t, true])))) untracked(() => void this.campaignEvents.reload());
    });
  }

  ngOnDestroy(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  protected setRange(r: RangeOption): void {
    this.range.set(r);
    void this.figures.reload();
  }

  protected setVerdict(v: VerdictVariant): void {
    this.verdict.set(v);
    void this.figures.reload();
  }

  protected figure(f: KpiFigures, metric: string): { current: number; previous: number } {
    return f.totals[metric] ?? { current: 0, previous: 0 };
  }

  protected rateOf(f: KpiFigures, metric: string, over: string | undefined, which: 'current' | 'previous'): number | null {
    if (!over) return null;
    return safeRatio(this.figure(f, metric)[which], this.figure(f, over)[which]);
  }

  /** Today's items by clock time, older ones by how long ago. */
  protected when(at: string): string {
    return Date.now() - Date.parse(at) < 12 * 3_600_000 ? formatTime(at) : formatRelative(at);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + LIVE_REFRESH_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.figures.reload();
    }, wait);
  }

  private async fetchFigures(): Promise<KpiFigures> {
    this.lastRefresh = Date.now();
    const range = this.range();
    const win = rangeWindow(range, Date.now());
    const verdict = this.verdict();
    const metrics = [...new Set([...KPIS.map((k) => k.metric), ...CHART_METRICS.map((m) => m.metric)])];
    const answers = await Promise.all(
      metrics.map((metric) =>
        firstValueFrom(this.http.get<TimeSeriesResponse>('/v1/timeseries', { params: { metric, bucket: range.bucket, from: win.from, to: win.to, verdict } })),
      ),
    );
    const totals: KpiFigures['totals'] = {};
    const series: KpiFigures['series'] = {};
    answers.forEach((a, i) => {
      totals[metrics[i]] = splitTotals(a.points, win.split);
      series[metrics[i]] = a;
    });
    return { split: win.split, totals, series };
  }
}
