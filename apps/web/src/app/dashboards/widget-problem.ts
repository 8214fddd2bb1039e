import { Component, computed, input, output } from '@angular/core';
import type { ApiProblem } from '../http/api-error';
import { adviceFor } from '../ui/problem';

/** A widget's failed read, small enough for a KPI tile: what failed, what to do (also as a tooltip), Retry. */
@Component({
  selector: 'app-widget-problem',
  template: `
    <div class="problem" [class.soft]="problem().notAvailable" role="status" data-testid="widget-problem" [title]="advice()">
      <strong>{{ problem().notAvailable ? 'Not available on this server yet' : problem().message }}</strong>
      <span class="advice">{{ advice() }}</span>
      @if (!problem().notAvailable) { <button class="btn" type="button" (click)="retry.emit()">Retry</button> }
    </div>
  `,
  styles: `
    .problem { border: 1px solid var(--bad); background: var(--bad-soft); border-radius: var(--radius-sm); padding: 8px 10px; display: flex; flex-direction: column; gap: 4px; align-items: flex-start; font-size: 13px; }
    .problem.soft { border-color: var(--border); background: var(--surface-2); }
    strong { overflow-wrap: anywhere; }
    .advice { color: var(--text-muted); }
    .btn { min-height: 28px; padding: 2px 10px; }
  `,
})
export class WidgetProblem {
  readonly problem = input.required<ApiProblem>();
  readonly feature = input('This widget');
  readonly retry = output<void>();
  protected readonly advice = computed(() => adviceFor(this.problem(), this.feature()));
}
