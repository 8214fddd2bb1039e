import { Component, input } from '@angular/core';

/** An empty list or chart: says why it is empty; the projected content says what to do next. */
@Component({
  selector: 'app-empty',
  template: `<div class="empty" data-testid="empty"><strong>{{ title() }}</strong><ng-content /></div>`,
  styles: `
    .empty { border: 1px dashed var(--border); border-radius: var(--radius-sm); padding: 14px; color: var(--text-muted); }
    strong { display: block; color: var(--text); margin-bottom: 4px; }
  `,
})
export class EmptyView {
  readonly title = input.required<string>();
}
