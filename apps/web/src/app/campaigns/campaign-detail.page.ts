import { HttpClient } from '@angular/common/http';
import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AbTestResponse, CampaignDetailResponse, CampaignRecipientsResponse, EventExplorerResponse, VerdictVariant } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe, RatePipe } from '../format/format.pipes';
import { formatCount, formatMoney } from '../format/locale-format';
import { createLoader } from '../http/load-state';
import { refreshOnLiveEvents } from '../live/live-refresh';
import { SessionStore } from '../session/session.store';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { abVerdictText } from './ab-verdict';

@Component({
  selector: 'app-campaign-detail-page',
  imports: [RouterLink, CountPipe, RatePipe, DateTimePipe, Chart, LoadingView, ProblemView, EmptyView],
  templateUrl: './campaign-detail.page.html',
  styleUrl: './campaign-detail.page.css',
})
export class CampaignDetailPage {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  /** From the route (`/campaigns/:campaignId`). */
  readonly campaignId = input.required<string>();
  protected readonly verdicts: Array<{ id: VerdictVariant; label: string }> = [
    { id: 'human', label: 'Human' },
    { id: 'machine', label: 'Machine' },
    { id: 'total', label: 'Total' },
  ];
  protected readonly verdict = signal<VerdictVariant>('human');
  protected readonly action = signal<'opened' | 'clicked'>('opened');
  protected readonly money = formatMoney;
  private readonly path = computed(() => `/v1/campaigns/${encodeURIComponent(this.campaignId())}`);

  protected readonly detail = createLoader(() => firstValueFrom(this.http.get<CampaignDetailResponse>(this.path(), { params: { verdict: this.verdict() } })), { immediate: false });
  protected readonly ab = createLoader(() => firstValueFrom(this.http.get<AbTestResponse>(`${this.path()}/ab-test`, { params: { verdict: this.verdict() } })), { immediate: false });
  protected readonly recipients = createLoader(
    () => firstValueFrom(this.http.get<CampaignRecipientsResponse>(`${this.path()}/recipients`, { params: { action: this.action(), verdict: this.verdict(), limit: 50 } })),
    { immediate: false },
  );
  protected readonly timeline = createLoader(
    () => firstValueFrom(this.http.get<EventExplorerResponse>('/v1/events', { params: { campaignId: this.campaignId(), limit: 50 } })),
    { immediate: false },
  );

  protected readonly hasVariants = computed(() => (this.detail.data()?.campaign.variants.length ?? 0) >= 2);
  protected readonly abText = computed(() => {
    const ab = this.ab.data();
    return ab ? abVerdictText(ab) : '';
  });

  protected readonly funnelChart = computed<EChartsCoreOption | null>(() => {
    const d = this.detail.data();
    if (!d || d.funnel.every((s) => s.count === 0)) return null;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatCount(v) } },
      yAxis: { type: 'category', inverse: true, data: d.funnel.map((s) => s.step) },
      series: [{ type: 'bar', data: d.funnel.map((s) => s.count), label: { show: true, position: 'right', formatter: (p: { value: number }) => formatCount(p.value) }, barMaxWidth: 28 }],
    };
  });

  constructor() {
    refreshOnLiveEvents(() => {
      void this.detail.reload();
      void this.timeline.reload();
    });
    effect(() => {
      this.campaignId();
      this.verdict();
      if (!this.session.workspaceId()) return;
      untracked(() => {
        void this.detail.reload().then(() => {
          // Only a campaign with two or more variants has an A/B test to read.
          if ((this.detail.data()?.campaign.variants.length ?? 0) >= 2) void this.ab.reload();
        });
        void this.recipients.reload();
        void this.timeline.reload();
      });
    });
  }

  protected setAction(a: 'opened' | 'clicked'): void {
    this.action.set(a);
    void this.recipients.reload();
  }
}
