import { Component, computed, inject, input } from '@angular/core';
import type { DashboardWidget } from '@mailpulse/contracts';
import { CountPipe, RatePipe } from '../format/format.pipes';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { RANGE_WORDS, rangeOption } from './widget-figures';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

interface DomainRow {
  domain: string;
  sent: number;
  /** Unique open rate of the widget's verdict; only a campaign's breakdown has it. */
  open?: number | null;
  bounce: number | null;
  complaint: number | null;
}

interface DomainTable {
  rows: DomainRow[];
  /** The campaign read, when the widget names one. */
  campaign: string | null;
}

/** Recipient domains: a campaign's (GET /v1/campaigns/:id) with a campaign filter, else the workspace's over the range (GET /v1/deliverability). */
@Component({
  selector: 'app-top-domains-widget',
  imports: [CountPipe, RatePipe, EmptyView, LoadingView, WidgetProblem],
  template: `
    @if (table.problem(); as p) {
      <app-widget-problem [problem]="p" [feature]="widget().filters?.campaignId ? 'Campaign analytics' : 'Deliverability figures'" (retry)="table.reload()" />
    } @else if (table.data(); as t) {
      @if (t.rows.length === 0) {
        <app-empty [title]="t.campaign ? 'No recipients yet' : 'No messages sent in the ' + rangeWords()">Send events with recipients' addresses and their domains are broken down here.</app-empty>
      } @else {
        <div class="scroll">
          <table>
            <thead><tr><th>Domain</th><th class="num">Sent</th>@if (t.campaign) { <th class="num" title="Unique open rate">Open</th> }<th class="num" title="Bounce rate">Bounce</th><th class="num" title="Complaint rate">Compl.</th></tr></thead>
            <tbody>
              @for (d of t.rows; track d.domain) {
                <tr><td class="domain" [title]="d.domain">{{ d.domain }}</td><td class="num">{{ d.sent | count }}</td>@if (t.campaign) { <td class="num">{{ d.open | rate }}</td> }
                  <td class="num">{{ d.bounce | rate }}</td><td class="num">{{ d.complaint | rate }}</td></tr>
              }
            </tbody>
          </table>
        </div>
      }
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: block; }
    td, th { padding: 6px 8px; }
    table { width: 100%; }
    .domain { max-width: 0; width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  `,
})
export class TopDomainsWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  protected readonly rangeWords = computed(() => RANGE_WORDS[this.widget().range].toLowerCase());

  protected readonly table = widgetLoader(
    () => JSON.stringify([this.widget().range, this.widget().verdict, this.widget().filters]),
    async (): Promise<DomainTable> => {
      const w = this.widget();
      const only = w.filters?.domain?.toLowerCase();
      const keep = (rows: DomainRow[]) => (only ? rows.filter((r) => r.domain.toLowerCase() === only) : rows).slice(0, 25);
      if (w.filters?.campaignId) {
        const c = await this.data.campaign(w.filters.campaignId, w.verdict ?? 'human');
        const rows = (c?.detail.domains ?? []).map((d) => ({
          domain: d.domain,
          sent: d.counts.sent,
          open: d.rates.open[w.verdict ?? 'human'].unique,
          bounce: d.rates.bounce,
          complaint: d.rates.complaint,
        }));
        return { rows: keep(rows), campaign: w.filters.campaignId };
      }
      const from = new Date(Date.now() - rangeOption(w.range).ms).toISOString();
      const report = await this.data.deliverability(from);
      return { rows: keep(report.domains.map((d) => ({ domain: d.domain, sent: d.sent, bounce: d.bounceRate, complaint: d.complaintRate }))), campaign: null };
    },
  );
}
