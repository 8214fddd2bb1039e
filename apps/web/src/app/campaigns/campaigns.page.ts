import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { CampaignListResponse, CampaignSortField, CampaignSummary, VerdictVariant } from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe, RatePipe } from '../format/format.pipes';
import { formatMoney } from '../format/locale-format';
import { workspaceLoader } from '../http/workspace-loader';
import { refreshOnLiveEvents } from '../live/live-refresh';
import { EmptyView } from '../ui/empty';
import { FirstEventSnippet } from '../ui/first-event';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { RevenueSection } from './revenue.section';

interface Column {
  sort: CampaignSortField;
  label: string;
}

@Component({
  selector: 'app-campaigns-page',
  imports: [RouterLink, CountPipe, RatePipe, DateTimePipe, LoadingView, ProblemView, EmptyView, FirstEventSnippet, RevenueSection],
  templateUrl: './campaigns.page.html',
  styles: `
    .name { min-width: 170px; }
    .name a { font-weight: 600; margin-right: 6px; }
    .selected-bar { position: sticky; bottom: 12px; margin-top: 12px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    td.check, th.check { width: 32px; }
    app-revenue-section { display: block; margin-top: 16px; }
  `,
})
export class CampaignsPage {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  protected readonly columns: Column[] = [
    { sort: 'sent', label: 'Sent' },
    { sort: 'deliveryRate', label: 'Delivered' },
    { sort: 'openRate', label: 'Open' },
    { sort: 'clickRate', label: 'Click' },
    { sort: 'clickToOpenRate', label: 'CTO' },
    { sort: 'bounceRate', label: 'Bounce' },
    { sort: 'complaintRate', label: 'Complaint' },
    { sort: 'unsubscribeRate', label: 'Unsub.' },
    { sort: 'revenue', label: 'Revenue' },
    { sort: 'lastActivity', label: 'Last activity' },
  ];
  protected readonly verdicts: Array<{ id: VerdictVariant; label: string }> = [
    { id: 'human', label: 'Human' },
    { id: 'machine', label: 'Machine' },
    { id: 'total', label: 'Total' },
  ];
  protected readonly sort = signal<CampaignSortField>('lastActivity');
  protected readonly order = signal<'asc' | 'desc'>('desc');
  protected readonly verdict = signal<VerdictVariant>('human');
  protected readonly selected = signal<string[]>([]);
  protected readonly campaigns = workspaceLoader(() =>
    firstValueFrom(this.http.get<CampaignListResponse>('/v1/campaigns', { params: { sort: this.sort(), order: this.order(), verdict: this.verdict(), limit: 100 } })),
  );
  protected readonly money = formatMoney;

  constructor() {
    refreshOnLiveEvents(() => this.campaigns.reload());
  }

  protected sortBy(field: CampaignSortField): void {
    if (this.sort() === field) this.order.set(this.order() === 'desc' ? 'asc' : 'desc');
    else {
      this.sort.set(field);
      this.order.set('desc');
    }
    void this.campaigns.reload();
  }

  protected ariaSort(field: CampaignSortField): string | null {
    return this.sort() === field ? (this.order() === 'asc' ? 'ascending' : 'descending') : null;
  }

  protected setVerdict(v: VerdictVariant): void {
    this.verdict.set(v);
    void this.campaigns.reload();
  }

  protected toggle(id: string): void {
    this.selected.update((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id].slice(-10)));
  }

  protected compare(): void {
    void this.router.navigate(['/campaigns/compare'], { queryParams: { ids: this.selected().join(',') } });
  }

  protected rates(c: CampaignSummary, v: VerdictVariant) {
    return { open: c.rates.open[v].unique, click: c.rates.click[v].unique, cto: c.rates.clickToOpen[v].unique };
  }
}
