import { Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DashboardWidget } from '@mailpulse/contracts';
import { CountPipe } from '../format/format.pipes';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

/** A campaign's most clicked links (GET /v1/campaigns/:id): the filter's campaign, else the most recently active one. */
@Component({
  selector: 'app-top-links-widget',
  imports: [RouterLink, CountPipe, EmptyView, LoadingView, WidgetProblem],
  template: `
    @if (campaign.problem(); as p) {
      <app-widget-problem [problem]="p" feature="Campaign analytics" (retry)="campaign.reload()" />
    } @else if (campaign.data(); as c) {
      <p class="which muted">
        <a [routerLink]="['/campaigns', c.detail.campaign.id]">{{ c.detail.campaign.name ?? c.detail.campaign.id }}</a>
        @if (c.latest) { <span> · most recently active</span> }
      </p>
      @if (c.detail.links.length === 0) {
        <app-empty title="No clicks yet">Clicked links of this campaign are listed here with their unique and total clicks.</app-empty>
      } @else {
        <table>
          <thead><tr><th>Link</th><th class="num">Unique</th><th class="num">Total</th></tr></thead>
          <tbody>
            @for (l of c.detail.links.slice(0, 20); track l.url) {
              <tr><td class="url" [title]="l.url">{{ l.url }}</td><td class="num">{{ l.unique | count }}</td><td class="num">{{ l.total | count }}</td></tr>
            }
          </tbody>
        </table>
      }
    } @else if (campaign.state().status === 'ready') {
      <app-empty title="No campaigns yet">Events with a <code>campaignId</code> make a campaign; its top links show here.</app-empty>
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: block; }
    .which { margin: 0 0 4px; font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .which a { font-weight: 600; }
    table { table-layout: fixed; }
    th:first-child { width: auto; } th.num { width: 64px; }
    td, th { padding: 6px 8px; }
    .url { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  `,
})
export class TopLinksWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  protected readonly campaign = widgetLoader(
    () => JSON.stringify([this.widget().filters?.campaignId, this.widget().verdict]),
    () => this.data.campaign(this.widget().filters?.campaignId, this.widget().verdict ?? 'human'),
  );
}
