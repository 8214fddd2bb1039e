import { Component, computed, input } from '@angular/core';

/** The curl command that sends a workspace's first event to this server. */
@Component({
  selector: 'app-first-event',
  template: `
    <p>Send an event with your workspace's ingest key (Settings → API keys creates one):</p>
    <pre data-testid="first-event">curl -X POST {{ origin }}/v1/events \\
  -H "Authorization: Bearer $MAILPULSE_INGEST_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{{ body() }}'</pre>
  `,
  styles: `p { margin: 0; }`,
})
export class FirstEventSnippet {
  readonly campaign = input('spring');
  protected readonly origin = typeof location === 'undefined' ? 'http://localhost:3000' : location.origin;
  protected readonly body = computed(() =>
    JSON.stringify({
      type: 'email.sent',
      occurredAt: new Date().toISOString().slice(0, 19) + 'Z',
      messageId: 'm-1',
      campaignId: this.campaign(),
      contact: { email: 'ada@example.com' },
    }),
  );
}
