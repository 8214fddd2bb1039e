import { Component, computed, input, output } from '@angular/core';
import type { ApiProblem } from '../http/api-error';

/** Advice for a failed API read: what it means for the user and what to do next. */
export function adviceFor(problem: ApiProblem, feature: string): string {
  if (problem.notAvailable) return `Not on this server yet: ${feature.toLowerCase()} show up here as soon as the server is updated to a version that has them; there is nothing to configure.`;
  if (problem.status === 0) return 'Check that the Mailpulse server is running and reachable, then retry.';
  if (problem.code === 'insufficient_role') return 'Ask an admin of this workspace for a higher role, or switch to a workspace where you have it.';
  if (problem.code === 'api_key_required' || problem.code === 'missing_key') return `The server reads ${feature.toLowerCase()} only with an API key so far, not with a sign-in. Use a read key with curl until it does (see below).`;
  if (problem.status === 503) return 'The server is up but its database is not; this usually passes in a few seconds. Retry.';
  if (problem.status >= 500) return 'The server failed on this request. Retry; if it keeps failing, the server log has the details.';
  return 'Retry, or reload the page.';
}

@Component({
  selector: 'app-problem',
  template: `
    <div class="problem" [class.soft]="problem().notAvailable || keyOnly()" role="status" data-testid="problem">
      <strong>{{ headline() }}</strong>
      <p>{{ advice() }}</p>
      @if (keyOnly() && curlPath()) {
        <pre>curl {{ origin }}{{ curlPath() }} -H "Authorization: Bearer $MAILPULSE_READ_KEY"</pre>
      }
      @if (!problem().notAvailable && !keyOnly()) {
        <button class="btn" type="button" (click)="retry.emit()">Retry</button>
      }
    </div>
  `,
  styles: `
    .problem { border: 1px solid var(--bad); background: var(--bad-soft); border-radius: var(--radius-sm); padding: 12px 14px; }
    .problem.soft { border-color: var(--border); background: var(--surface-2); }
    strong { display: block; margin-bottom: 4px; }
    p { color: var(--text-muted); margin: 0 0 8px; }
    pre { white-space: pre-wrap; word-break: break-all; }
  `,
})
export class ProblemView {
  readonly problem = input.required<ApiProblem>();
  readonly feature = input('This page');
  readonly curlPath = input<string>('');
  readonly retry = output<void>();
  protected readonly origin = typeof location === 'undefined' ? '' : location.origin;
  protected readonly advice = computed(() => adviceFor(this.problem(), this.feature()));
  protected readonly keyOnly = computed(() => this.problem().code === 'api_key_required' || this.problem().code === 'missing_key');
  protected readonly headline = computed(() => {
    const p = this.problem();
    if (p.notAvailable) return 'Not available yet';
    if (p.code === 'api_key_required' || p.code === 'missing_key') return 'Readable with an API key only';
    return p.message;
  });
}
