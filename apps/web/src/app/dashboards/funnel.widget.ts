import { Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DashboardWidget, FunnelStep } from '@mailpulse/contracts';
import { CountPipe, RatePipe } from '../format/format.pipes';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { WidgetDataService } from './widget-data.service';
import { widgetLoader } from './widget-loader';
import { WidgetProblem } from './widget-problem';

const STEP_WORDS: Record<FunnelStep['step'], string> = { sent: 'Sent', delivered: 'Delivered', opened: 'Opened', clicked: 'Clicked', converted: 'Converted' };

/** A campaign's funnel (GET /v1/campaigns/:id): the filter's campaign, else the most recently active one. */
@Component({
  selector: 'app-funnel-widget',
  imports: [RouterLink, CountPipe, RatePipe, EmptyView, LoadingView, WidgetProblem],
  template: `
    @if (campaign.problem(); as p) {
      <app-widget-problem [problem]="p" feature="Campaign analytics" (retry)="campaign.reload()" />
    } @else if (campaign.data(); as c) {
      <p class="which muted">
        <a [routerLink]="['/campaigns', c.detail.campaign.id]">{{ c.detail.campaign.name ?? c.detail.campaign.id }}</a>
        @if (c.latest) { <span> · most recently active</span> }
      </p>
      @if (c.detail.funnel[0]?.count) {
        <ol class="funnel" [attr.aria-label]="'Funnel of ' + (c.detail.campaign.name ?? c.detail.campaign.id)">
          @for (s of c.detail.funnel; track s.step) {
            <li [attr.data-step]="s.step">
              <span class="step">{{ words[s.step] }}</span>
              <span class="bar" aria-hidden="true"><span [style.width.%]="(s.ofSent ?? 0) * 100"></span></span>
              <span class="num count">{{ s.count | count }}</span>
              <span class="num muted pct">{{ s.ofSent | rate }}</span>
            </li>
          }
        </ol>
      } @else {
        <app-empty title="Nothing sent yet">The funnel fills in once this campaign's messages are sent.</app-empty>
      }
    } @else if (campaign.state().status === 'ready') {
      <app-empty title="No campaigns yet">Events with a <code>campaignId</code> make a campaign; its funnel shows here.</app-empty>
    } @else {
      <app-loading [label]="'Loading ' + widget().title" />
    }
  `,
  styles: `
    :host { display: block; }
    .which { margin: 0 0 8px; font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .which a { font-weight: 600; }
    .funnel { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
    li { display: grid; grid-template-columns: 76px minmax(0, 1fr) 56px 52px; gap: 8px; align-items: center; font-size: 13px; }
    .bar { height: 14px; background: var(--surface-2); border-radius: 4px; overflow: hidden; }
    .bar span { display: block; height: 100%; background: var(--accent); border-radius: 4px; }
    .count { font-weight: 600; }
  `,
})
export class FunnelWidget {
  private readonly data = inject(WidgetDataService);
  readonly widget = input.required<DashboardWidget>();
  protected readonly words = STEP_WORDS;
  protected readonly campaign = widgetLoader(
    () => JSON.stringify([this.widget().filters?.campaignId, this.widget().verdict]),
    () => this.data.campaign(this.widget().filters?.campaignId, this.widget().verdict ?? 'human'),
  );
}
