import { Component, input } from '@angular/core';

/** A quiet placeholder while a read is in flight, announced to screen readers. */
@Component({
  selector: 'app-loading',
  template: `<div class="loading" role="status" aria-live="polite"><span class="bar"></span><span class="bar short"></span><span class="sr-only">{{ label() }}</span></div>`,
  styles: `
    .loading { display: flex; flex-direction: column; gap: 8px; padding: 4px 0; }
    .bar { height: 12px; border-radius: 6px; background: var(--surface-2); animation: pulse 1.2s ease-in-out infinite; }
    .short { width: 60%; }
    @keyframes pulse { 50% { opacity: .5; } }
    @media (prefers-reduced-motion: reduce) { .bar { animation: none; } }
  `,
})
export class LoadingView {
  readonly label = input('Loading…');
}
