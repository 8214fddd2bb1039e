import { Component, computed, inject } from '@angular/core';
import { SessionStore } from '../session/session.store';
import { roleAtLeast } from '../session/session.types';
import { AlertRulesSection } from '../anomalies/alert-rules.section';
import { ApiKeysSection } from './api-keys.section';
import { AuditLogSection } from './audit-log.section';
import { DeadLettersSection } from './dead-letters.section';
import { MembersSection } from './members.section';
import { RetentionSection } from './retention.section';
import { WebhooksSection } from './webhooks.section';

@Component({
  selector: 'app-settings-page',
  imports: [ApiKeysSection, MembersSection, RetentionSection, AuditLogSection, WebhooksSection, AlertRulesSection, DeadLettersSection],
  template: `
    <div class="page-head"><div><h1>Settings</h1><p>{{ session.workspace()?.name }} — you are {{ session.workspace()?.role }}.</p></div></div>
    @if (!isAdmin()) {
      <p class="card">Settings are managed by the workspace's admins. Ask one of them to change keys, members or retention.</p>
    } @else {
      <div class="stack">
        <app-api-keys-section />
        <app-members-section />
        <app-webhooks-section />
        <app-alert-rules-section />
        <app-dead-letters-section />
        <app-retention-section />
        <app-audit-log-section />
      </div>
    }
  `,
})
export class SettingsPage {
  protected readonly session = inject(SessionStore);
  protected readonly isAdmin = computed(() => roleAtLeast(this.session.workspace()?.role, 'admin'));
}
