import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import type { DeliverabilityResponse, EventExplorerResponse } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe, RatePipe, RelativePipe } from '../format/format.pipes';
import { workspaceLoader } from '../http/workspace-loader';
import { refreshOnLiveEvents } from '../live/live-refresh';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { latestVpsReports, SendingDomainView, SmtpHostView, statusTone, statusWords } from './deliverability.types';

const PERIODS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
];

@Component({
  selector: 'app-deliverability-page',
  imports: [CountPipe, RatePipe, DateTimePipe, RelativePipe, Chart, LoadingView, ProblemView, EmptyView],
  templateUrl: './deliverability.page.html',
  styleUrl: './deliverability.page.css',
})
export class DeliverabilityPage {
  private readonly http = inject(HttpClient);
  protected readonly periods = PERIODS;
  protected readonly days = signal(30);
  protected readonly showAllDomains = signal(false);
  protected readonly tone = statusTone;
  protected readonly words = statusWords;
  protected readonly origin = typeof location === 'undefined' ? '' : location.origin;

  protected readonly report = workspaceLoader(() => {
    const from = new Date(Date.now() - this.days() * 86_400_000).toISOString();
    return firstValueFrom(this.http.get<DeliverabilityResponse>('/v1/deliverability', { params: { from, minVolume: 100 } }));
  });
  protected readonly domains = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ sendingDomains: SendingDomainView[] }>('/v1/sending-domains'))).sendingDomains);
  protected readonly smtp = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ smtpHosts: SmtpHostView[] }>('/v1/smtp-hosts'))).smtpHosts);
  protected readonly vps = workspaceLoader(async () => latestVpsReports((await firstValueFrom(this.http.get<EventExplorerResponse>('/v1/events', { params: { type: 'infra.vps', limit: 200 } }))).items));

  protected readonly bounceChart = computed<EChartsCoreOption | null>(() => {
    const r = this.report.data();
    if (!r || r.bounces.total === 0) return null;
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, top: 'auto' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          label: { show: false },
          data: [
            { name: 'Hard', value: r.bounces.hard },
            { name: 'Soft', value: r.bounces.soft },
            { name: 'Block', value: r.bounces.block },
          ],
        },
      ],
    };
  });

  constructor() {
    refreshOnLiveEvents(() => this.report.reload(), 10_000);
  }

  protected setDays(days: number): void {
    this.days.set(days);
    void this.report.reload();
  }
}
