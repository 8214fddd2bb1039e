import { HttpClient } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { workspaceLoader } from '../http/workspace-loader';
import { SessionStore } from '../session/session.store';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';

interface SnsSubscription {
  topicArn?: string;
  subscribeUrl?: string;
  receivedAt?: string;
  [key: string]: unknown;
}

/** ESP webhook URLs: how to create one, and the SNS subscriptions waiting for confirmation. */
@Component({
  selector: 'app-webhooks-section',
  imports: [LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="wh-h" data-testid="webhooks">
      <h2 id="wh-h">Webhook URLs</h2>
      <p class="muted">SES, SendGrid, Mailgun and Postmark post their events to a signed URL of this workspace. Create one with:</p>
      <pre>npm run mailpulse -- webhook:create --workspace {{ session.workspaceId() }} --vendor sendgrid</pre>
      <h3>Pending SES subscriptions</h3>
      @if (subs.problem(); as p) {
        <app-problem [problem]="p" feature="Webhook subscriptions" curlPath="/v1/webhooks/subscriptions" (retry)="subs.reload()" />
      } @else if (subs.data(); as list) {
        @if (list.length === 0) {
          <app-empty title="No subscriptions waiting">When SES asks to confirm a subscription, its link appears here.</app-empty>
        } @else {
          <ul>
            @for (s of list; track $index) { <li><code>{{ s.topicArn }}</code> — <a [href]="s.subscribeUrl" rel="noreferrer">confirm</a></li> }
          </ul>
        }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `pre { white-space: pre-wrap; word-break: break-all; }`,
})
export class WebhooksSection {
  private readonly http = inject(HttpClient);
  protected readonly session = inject(SessionStore);
  protected readonly subs = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ subscriptions: SnsSubscription[] }>('/v1/webhooks/subscriptions'))).subscriptions);
}
