import { HttpClient } from '@angular/common/http';
import { Component, computed, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CampaignComparisonResponse } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { firstValueFrom } from 'rxjs';
import { CountPipe, RatePipe } from '../format/format.pipes';
import { createLoader } from '../http/load-state';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';

/** `?ids=a,b,c` → ['a','b','c'] (trimmed, no blanks, no repeats, at most 10). */
export function parseCompareIds(ids: string | null | undefined): string[] {
  return [...new Set((ids ?? '').split(',').map((s) => s.trim()).filter(Boolean))].slice(0, 10);
}

@Component({
  selector: 'app-campaign-compare-page',
  imports: [RouterLink, CountPipe, RatePipe, Chart, LoadingView, ProblemView, EmptyView],
  template: `
    <div class="page-head"><div><a routerLink="/campaigns">← Campaigns</a><h1>Compare campaigns</h1><p>Human opens and clicks, each message counted once.</p></div></div>
    @if (idList().length < 2) {
      <div class="card"><app-empty title="Pick at least two campaigns">Tick two or more campaigns in the <a routerLink="/campaigns">list</a> and choose Compare.</app-empty></div>
    } @else if (cmp.problem(); as p) {
      <div class="card"><app-problem [problem]="p" feature="Campaign comparison" (retry)="cmp.reload()" /></div>
    } @else if (cmp.data(); as d) {
      <section class="card" aria-label="Rates side by side">
        @if (chart(); as c) { <app-chart [options]="c" [height]="300" label="Rates of the compared campaigns" /> }
      </section>
      <section class="card" aria-label="Figures" style="margin-top: 16px">
        <div class="table-wrap"><table>
          <thead><tr><th>Campaign</th><th class="num">Sent</th><th class="num">Delivered</th><th class="num">Open</th><th class="num">Click</th><th class="num">Bounce</th><th class="num">Complaint</th><th class="num">Conversions</th></tr></thead>
          <tbody>
            @for (c of d.items; track c.id) {
              <tr><td><a [routerLink]="['/campaigns', c.id]">{{ c.name ?? c.id }}</a></td><td class="num">{{ c.counts.sent | count }}</td><td class="num">{{ c.rates.delivery | rate }}</td>
                <td class="num">{{ c.rates.open.human.unique | rate }}</td><td class="num">{{ c.rates.click.human.unique | rate }}</td><td class="num">{{ c.rates.bounce | rate }}</td>
                <td class="num">{{ c.rates.complaint | rate }}</td><td class="num">{{ c.counts.conversions | count }}</td></tr>
            }
          </tbody>
        </table></div>
      </section>
    } @else {
      <div class="card"><app-loading /></div>
    }
  `,
})
export class CampaignComparePage {
  private readonly http = inject(HttpClient);
  /** From the query string. */
  readonly ids = input<string>('');
  protected readonly idList = computed(() => parseCompareIds(this.ids()));
  protected readonly cmp = createLoader(() => firstValueFrom(this.http.get<CampaignComparisonResponse>('/v1/campaigns/compare', { params: { ids: this.idList().join(',') } })), { immediate: false });
  protected readonly chart = computed<EChartsCoreOption | null>(() => {
    const d = this.cmp.data();
    if (!d) return null;
    // Delivery (near 100 %) stays in the table: on the same axis it would flatten every other bar.
    const metrics: Array<[string, (c: CampaignComparisonResponse['items'][number]) => number | null]> = [
      ['Open', (c) => c.rates.open.human.unique],
      ['Click', (c) => c.rates.click.human.unique],
      ['Bounce', (c) => c.rates.bounce],
      ['Complaint', (c) => c.rates.complaint],
    ];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(2)} %` },
      legend: {},
      xAxis: { type: 'category', data: metrics.map(([m]) => m), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
      series: d.items.map((c) => ({ name: c.name ?? c.id, type: 'bar', data: metrics.map(([, f]) => f(c)) })),
    };
  });

  constructor() {
    effect(() => {
      if (this.idList().length >= 2) untracked(() => void this.cmp.reload());
    });
  }
}
