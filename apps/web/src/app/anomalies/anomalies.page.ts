import { Component, inject } from '@angular/core';
import { DateTimePipe } from '../format/format.pipes';
import { LiveStream } from '../live/live-stream';
import { ApiList } from '../ui/api-list';
import { EmptyView } from '../ui/empty';
import { AlertRulesSection } from './alert-rules.section';
import { NotificationRulesSection } from '../notifications/notification-rules.section';
import { AnomalyListSection } from './anomaly-list.section';

@Component({
  selector: 'app-anomalies-page',
  imports: [ApiList, AlertRulesSection, AnomalyListSection, NotificationRulesSection, EmptyView, DateTimePipe],
  template: `
    <div class="page-head"><div><h1>Anomalies &amp; alerts</h1><p>Unusual movements in your figures and the alerts they raised.</p></div></div>
    <div class="stack">
      <section class="card" aria-labelledby="now-h" data-testid="live-notices">
        <h2 id="now-h">As they happen</h2>
        @if (live.notices().length === 0) {
          <app-empty title="Nothing unusual since you opened the portal">New anomalies and alerts appear here the moment they are raised.</app-empty>
        } @else {
          <ul class="feed">
            @for (n of live.notices(); track $index) {
              <li><span class="pill" [class.bad]="n.severity === 'critical'" [class.warn]="n.severity === 'warning'">{{ n.kind }}</span>
                <strong>{{ n.title }}</strong> <span class="muted">{{ n.at | dateTime }}</span>
                @if (n.detail) { <div class="muted detail">{{ n.detail }}</div> }</li>
            }
          </ul>
        }
      </section>
      <app-anomaly-list-section />
      <app-api-list url="/v1/alerts" title="Alerts" emptyTitle="No alerts raised" testId="alerts">
        Alerts are raised by the rules below.
      </app-api-list>
      <app-notification-rules-section />
      <app-alert-rules-section />
    </div>
  `,
  styles: `.feed { list-style: none; margin: 0; padding: 0; } .feed li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; padding: 8px 0; border-bottom: 1px solid var(--border); } .feed li:last-child { border-bottom: 0; } .detail { flex-basis: 100%; }`,
})
export class AnomaliesPage {
  protected readonly live = inject(LiveStream);
}
