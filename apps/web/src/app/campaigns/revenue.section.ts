import { HttpClient } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { RevenueResponse } from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import { CountPipe, RatePipe } from '../format/format.pipes';
import { formatMoney } from '../format/locale-format';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';

/** Conversions and revenue attributed to campaigns (last click within the attribution window), with ROI where a cost is set. */
@Component({
  selector: 'app-revenue-section',
  imports: [RouterLink, CountPipe, RatePipe, LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="rev-h" data-testid="revenue">
      <h2 id="rev-h">Revenue, last 30 days</h2>
      @if (revenue.problem(); as p) {
        <app-problem [problem]="p" feature="Revenue attribution" (retry)="revenue.reload()" />
      } @else if (revenue.data(); as r) {
        <p class="muted">
          <b>{{ money(r.totals.attributedRevenue) }}</b> from {{ r.totals.attributedConversions | count }} conversions attributed to a campaign
          (of {{ money(r.totals.revenue) }} from {{ r.totals.conversions | count }} in all), last click within {{ r.attributionWindowDays }} days.
        </p>
        @if (r.campaigns.length === 0) {
          <app-empty title="No attributed revenue yet">Send <code>conversion</code> events with an <code>amount</code> and the contact who bought; they count for the campaign they last clicked.</app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr><th>Campaign</th><th class="num">Conversions</th><th class="num">Revenue</th><th class="num">Cost</th><th class="num">ROI</th></tr></thead>
            <tbody>
              @for (c of r.campaigns.slice(0, 10); track c.campaignId) {
                <tr><td><a [routerLink]="['/campaigns', c.campaignId]">{{ c.campaignId }}</a></td><td class="num">{{ c.conversions | count }}</td><td class="num">{{ money(c.revenue) }}</td>
                  <td class="num">{{ c.cost === null ? '—' : money(c.cost) }}</td><td class="num">{{ c.roi | rate }}</td></tr>
              }
            </tbody>
          </table></div>
        }
      } @else {
        <app-loading />
      }
    </section>
  `,
})
export class RevenueSection {
  private readonly http = inject(HttpClient);
  protected readonly money = formatMoney;
  protected readonly revenue = workspaceLoader(() =>
    firstValueFrom(this.http.get<RevenueResponse>('/v1/revenue', { params: { from: new Date(Date.now() - 30 * 86_400_000).toISOString() } })),
  );
}
