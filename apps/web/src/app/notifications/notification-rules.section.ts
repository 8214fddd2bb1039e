import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute } from '@angular/router';
import { EVENT_TYPES, type EventType } from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { toApiProblem } from '../http/api-error';
import { createLoader, type Loader } from '../http/load-state';
import { workspaceLoader } from '../http/workspace-loader';
import { SessionStore } from '../session/session.store';
import { roleAtLeast } from '../session/session.types';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { buildRuleBody, channelNames, CONDITION_OPS, describeDelivery, describeFilter, describeRateLimit, emptyDraft, type RuleDraft } from './notification-rule-form';
import type { AlertChannelView, DeliveriesResponse, NotificationDelivery, NotificationRule } from './notification-rule.types';

/** Event-triggered notification rules: the list, each rule's recent deliveries, and (admins) the create form. */
@Component({
  selector: 'app-notification-rules-section',
  imports: [FormsModule, DateTimePipe, EmptyView, LoadingView, ProblemView],
  template: `
    <section class="card" aria-labelledby="notify-h" data-testid="notification-rules">
      <h2 id="notify-h">Notifications</h2>
      <p class="muted">Messages on single events as they arrive — a campaign started, a contact on a plan clicked, an error code, a contact's first open — sent to your alert channels, with a rate limit per rule.</p>
      @if (state.problem(); as p) {
        <app-problem [problem]="p" feature="Notifications" (retry)="state.reload()" />
      } @else if (state.data(); as d) {
        @if (d.rules.length === 0) {
          <app-empty title="No notification rules yet">{{ isAdmin() ? 'Add one below.' : 'An admin of this workspace can add them.' }}</app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr><th>Name</th><th>Fires on</th><th>Sends to</th><th>Limit</th><th>Status</th><th></th></tr></thead>
            <tbody>
              @for (r of d.rules; track r.id) {
                <tr [attr.data-rule]="r.id">
                  <td><strong>{{ r.name }}</strong></td>
                  <td>{{ filterText(r) }}</td>
                  <td>{{ channelsText(r, d.channels) }}</td>
                  <td class="nowrap">{{ limitText(r) }}</td>
                  <td><span class="pill" [class.ok]="r.enabled">{{ r.enabled ? 'on' : 'off' }}</span></td>
                  <td class="actions">
                    <button class="btn" type="button" (click)="toggleDeliveries(r)" [attr.aria-expanded]="openRule() === r.id">Deliveries</button>
                    @if (isAdmin()) {
                      <button class="btn" type="button" (click)="setEnabled(r, !r.enabled)">{{ r.enabled ? 'Switch off' : 'Switch on' }}</button>
                      <button class="btn" type="button" (click)="sendTest(r)">Send test</button>
                      <button class="btn danger" type="button" (click)="remove(r)">Delete</button>
                    }
                  </td>
                </tr>
                @if (openRule() === r.id && deliveries(); as dl) {
                  <tr class="deliveries"><td colspan="6">
                    @if (dl.problem(); as p) {
                      <app-problem [problem]="p" feature="Deliveries" (retry)="dl.reload()" />
                    } @else if (dl.data(); as list) {
                      @if (list.deliveries.length === 0) {
                        <p class="muted">Nothing sent yet.</p>
                      } @else {
                        <table data-testid="notification-deliveries">
                          <thead><tr><th>When</th><th>What</th><th>Channel</th><th>Outcome</th></tr></thead>
                          <tbody>
                            @for (x of list.deliveries; track x.id) {
                              <tr><td class="nowrap">{{ x.createdAt | dateTime }}</td><td>{{ deliveryText(x).what }}</td><td>{{ x.channelName }}</td>
                                <td [class.error-text]="x.status === 'failed'">{{ deliveryText(x).outcome }}</td></tr>
                            }
                          </tbody>
                        </table>
                      }
                      @for (w of list.limitedWindows; track w.windowStart) {
                        <p class="muted">{{ w.suppressed }} more matched {{ w.windowStart | dateTime }} – {{ w.windowEnd | dateTime }} past the limit; {{ w.summaryQueuedAt ? 'summary sent' : 'a summary goes out when the window ends' }}.</p>
                      }
                    } @else {
                      <app-loading />
                    }
                  </td></tr>
                }
              }
            </tbody>
          </table></div>
        }
        @if (isAdmin()) {
          <form class="stack rule-form" (ngSubmit)="create()" aria-labelledby="notify-new-h">
            <h3 id="notify-new-h">New notification rule</h3>
            <label>Name <input name="name" [(ngModel)]="draft.name" maxlength="200" /></label>
            <label>Event types
              <select name="types" multiple size="6" [(ngModel)]="draft.types">
                @for (t of eventTypes; track t) { <option [value]="t">{{ t }}</option> }
              </select>
            </label>
            <fieldset>
              <legend>Conditions (all must hold)</legend>
              @for (c of draft.conditions; track $index; let i = $index) {
                <div class="row">
                  <input [name]="'path' + i" [(ngModel)]="c.path" placeholder="properties.plan" aria-label="Field" />
                  <select [name]="'op' + i" [(ngModel)]="c.op" aria-label="Comparison">
                    @for (o of ops; track o.op) { <option [value]="o.op">{{ o.label }}</option> }
                  </select>
                  @if (c.op !== 'exists') { <input [name]="'value' + i" [(ngModel)]="c.value" [placeholder]="c.op === 'in' ? 'E42, E43' : 'value'" aria-label="Value" /> }
                  <button class="btn" type="button" (click)="draft.conditions.splice(i, 1)">Remove</button>
                </div>
              }
              <button class="btn" type="button" (click)="draft.conditions.push({ path: '', op: 'eq', value: '' })">Add condition</button>
            </fieldset>
            <label class="check"><input type="checkbox" name="humanOnly" [(ngModel)]="draft.humanOnly" /> Opens and clicks by people only</label>
            <label>Fire
              <select name="first" [(ngModel)]="draft.firstOccurrence">
                <option value="">on every matching event</option>
                <option value="contact">on the first matching event of each contact</option>
                <option value="campaign">on the first matching event of each campaign</option>
              </select>
            </label>
            <fieldset>
              <legend>Send to</legend>
              @if (d.channels.length === 0) { <p class="muted">Add an alert channel first (below).</p> }
              @for (ch of d.channels; track ch.id) {
                <label class="check"><input type="checkbox" [checked]="draft.channelIds.includes(ch.id)" (change)="toggleChannel(ch.id)" /> {{ ch.name }} ({{ ch.kind }})</label>
              }
            </fieldset>
            <div class="row">
              <label>At most <input name="rateCount" type="number" min="1" max="1000" [(ngModel)]="draft.rateCount" /></label>
              <label>messages per <input name="rateWindow" type="number" min="1" max="1440" [(ngModel)]="draft.rateWindowMinutes" /> minutes</label>
            </div>
            <div><button class="btn primary" type="submit">Add rule</button></div>
          </form>
        }
        @if (message(); as m) { <p role="status" [class.error-text]="failed()">{{ m }}</p> }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `.nowrap { white-space: nowrap; } .actions { display: flex; flex-wrap: wrap; gap: 4px; } .rule-form { margin-top: var(--gap); max-width: 720px; }
    .rule-form label { display: flex; flex-direction: column; gap: 4px; } .rule-form label.check { flex-direction: row; align-items: center; }
    fieldset { border: 1px solid var(--border); border-radius: var(--radius-sm); display: flex; flex-direction: column; gap: 6px; } .deliveries > td { background: var(--surface-2, transparent); }`,
})
export class NotificationRulesSection {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  private readonly route = inject(ActivatedRoute, { optional: true });
  /** A message's link names its rule (`?notificationRule=`): its deliveries open once the rules are loaded. */
  private linkedRule = this.route?.snapshot.queryParamMap.get('notificationRule') ?? null;
  protected readonly eventTypes: readonly EventType[] = EVENT_TYPES;
  protected readonly ops = CONDITION_OPS;
  protected readonly isAdmin = computed(() => roleAtLeast(this.session.workspace()?.role, 'admin'));
  protected draft: RuleDraft = emptyDraft();
  protected readonly message = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly openRule = signal<string | null>(null);
  protected readonly deliveries = signal<Loader<DeliveriesResponse> | null>(null);

  protected readonly state = workspaceLoader(async () => {
    const [rules, channels] = await Promise.all([
      firstValueFrom(this.http.get<{ rules: NotificationRule[] }>('/v1/notification-rules')),
      firstValueFrom(this.http.get<{ channels: AlertChannelView[] }>('/v1/alert-channels')),
    ]);
    this.openRule.set(null);
    const linked = rules.rules.find((r) => r.id === this.linkedRule);
    this.linkedRule = null;
    if (linked) queueMicrotask(() => this.toggleDeliveries(linked));
    return { rules: rules.rules, channels: channels.channels };
  });

  protected filterText = describeFilter;
  protected limitText = (r: NotificationRule) => describeRateLimit(r.rateLimit);
  protected channelsText = channelNames;
  protected deliveryText = (d: NotificationDelivery) => describeDelivery(d);

  protected toggleDeliveries(rule: NotificationRule): void {
    if (this.openRule() === rule.id) {
      this.openRule.set(null);
      return;
    }
    this.openRule.set(rule.id);
    this.deliveries.set(createLoader(() => firstValueFrom(this.http.get<DeliveriesResponse>(`/v1/notification-rules/${rule.id}/deliveries`, { params: { limit: 20 } }))));
  }

  protected toggleChannel(id: string): void {
    const ids = this.draft.channelIds;
    this.draft.channelIds = ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
  }

  protected async create(): Promise<void> {
    const result = buildRuleBody(this.draft);
    if (!result.ok) return this.say(result.message, true);
    await this.act(async () => {
      await firstValueFrom(this.http.post('/v1/notification-rules', result.body));
      this.draft = emptyDraft();
    }, `Rule "${result.body.name}" added.`);
  }

  protected setEnabled(rule: NotificationRule, enabled: boolean): Promise<void> {
    return this.act(() => firstValueFrom(this.http.patch(`/v1/notification-rules/${rule.id}`, { enabled })), `"${rule.name}" switched ${enabled ? 'on' : 'off'}.`);
  }

  protected remove(rule: NotificationRule): Promise<void> {
    if (typeof confirm === 'function' && !confirm(`Delete the rule "${rule.name}" and its delivery history?`)) return Promise.resolve();
    return this.act(() => firstValueFrom(this.http.delete(`/v1/notification-rules/${rule.id}`)), `"${rule.name}" deleted.`);
  }

  protected async sendTest(rule: NotificationRule): Promise<void> {
    try {
      const res = await firstValueFrom(this.http.post<{ deliveries: NotificationDelivery[] }>(`/v1/notification-rules/${rule.id}/test`, {}));
      const outcomes = res.deliveries.map((d) => `${d.channelName}: ${describeDelivery(d).outcome}`);
      this.say(`Test of "${rule.name}" — ${outcomes.join('; ')}.`, res.deliveries.some((d) => d.status !== 'delivered'));
      if (this.openRule() === rule.id) await this.deliveries()?.reload();
    } catch (err) {
      this.say(toApiProblem(err).message, true);
    }
  }

  private async act(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      this.say(done, false);
      await this.state.reload();
    } catch (err) {
      this.say(toApiProblem(err).message, true);
    }
  }

  private say(message: string, failed: boolean): void {
    this.failed.set(failed);
    this.message.set(message);
  }
}
