import { afterNextRender, Component, computed, ElementRef, inject, input, OnInit, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { DashboardWidgetKind, WidgetFilters } from '@mailpulse/contracts';
import { defaultTitle, KIND_LABELS, takesMetric, WidgetForm, widgetFormProblems } from './dashboard-draft';
import { GRID, METRICS, RANGES, VERDICTS, WIDGET_KINDS } from './dashboard-vocabulary';
import { filtersFor, METRIC_LABELS, RANGE_WORDS, takesVerdict } from './widget-figures';

const FILTER_WORDS: Record<keyof WidgetFilters, { label: string; placeholder: string; hint: string }> = {
  campaignId: { label: 'Campaign id', placeholder: 'e.g. spring-launch', hint: 'Leave empty for the whole workspace' },
  variant: { label: 'Variant', placeholder: 'e.g. A', hint: 'Only this A/B variant' },
  domain: { label: 'Recipient domain', placeholder: 'e.g. gmail.com', hint: 'Only recipients at this domain' },
};
const CAMPAIGN_HINT: Partial<Record<DashboardWidgetKind, string>> = {
  funnel: 'Leave empty for the most recently active campaign',
  'top-links': 'Leave empty for the most recently active campaign',
  'top-domains': 'Leave empty for every campaign over the range',
};
const VERDICT_WORDS = { human: 'People (human)', machine: 'Machines (MPP, scanners)', total: 'All' } as const;

/**
 * The form for a new widget or a widget's settings: kind, title, metric where the kind takes one, range, verdict
 * and the filters the kind can narrow by. Problems the form can see are shown at once; the API's own message
 * after a refused save comes in by field (`problems`) and is shown next to that field.
 */
@Component({
  selector: 'app-widget-editor',
  imports: [FormsModule],
  template: `
    <form class="card editor" (ngSubmit)="submit()" [attr.aria-labelledby]="'we-h-' + mode()" data-testid="widget-editor" novalidate>
      <h2 [id]="'we-h-' + mode()">{{ mode() === 'add' ? 'Add a widget' : 'Widget settings' }}</h2>
      <div class="fields">
        <label>Kind
          <select name="kind" [(ngModel)]="form.kind" (ngModelChange)="kindChanged()" [disabled]="mode() === 'edit'" data-testid="widget-kind">
            @for (k of kinds; track k) { <option [value]="k">{{ kindLabels[k] }}</option> }
          </select>
          @if (problem('kind'); as m) { <span class="error-text" role="alert">{{ m }}</span> }
        </label>
        <label>Title
          <input name="title" [(ngModel)]="form.title" [maxlength]="titleMax" [placeholder]="placeholderTitle()" data-testid="widget-title" [attr.aria-invalid]="!!problem('title')" />
          @if (problem('title'); as m) { <span class="error-text" role="alert" data-testid="widget-title-error">{{ m }}</span> }
        </label>
        @if (hasMetric()) {
          <label>Metric
            <select name="metric" [(ngModel)]="form.metric" data-testid="widget-metric" [attr.aria-invalid]="!!problem('metric')">
              <option value="">Choose a metric</option>
              @for (m of metrics; track m) { <option [value]="m">{{ metricLabels[m] }}</option> }
            </select>
            @if (problem('metric'); as m) { <span class="error-text" role="alert" data-testid="widget-metric-error">{{ m }}</span> }
          </label>
        }
        <label>{{ form.kind === 'live-feed' ? 'Starts' : 'Range' }}
          <select name="range" [(ngModel)]="form.range" data-testid="widget-range">
            @for (r of ranges; track r) { <option [value]="r">{{ rangeWords[r] }}</option> }
          </select>
          @if (problem('range'); as m) { <span class="error-text" role="alert">{{ m }}</span> }
        </label>
        @if (hasVerdict()) {
          <label>Opens and clicks by
            <select name="verdict" [(ngModel)]="form.verdict" data-testid="widget-verdict">
              @for (v of verdicts; track v) { <option [value]="v">{{ verdictWords[v] }}</option> }
            </select>
            @if (problem('verdict'); as m) { <span class="error-text" role="alert">{{ m }}</span> }
          </label>
        }
        @for (f of filters(); track f) {
          <label>{{ filterWords[f].label }}
            <input [name]="f" [(ngModel)]="form[f]" [maxlength]="filterMax" [placeholder]="filterWords[f].placeholder" [attr.data-testid]="'widget-' + f" [attr.aria-invalid]="!!problem(f)" />
            <span class="hint muted">{{ hint(f) }}</span>
            @if (problem(f); as m) { <span class="error-text" role="alert">{{ m }}</span> }
          </label>
        }
      </div>
      <div class="row">
        <button class="btn primary" type="submit" data-testid="widget-submit">{{ mode() === 'add' ? 'Add widget' : 'Apply' }}</button>
        <button class="btn" type="button" (click)="dismiss.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .editor { margin-bottom: var(--gap); }
    .fields { display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 200px), 1fr)); margin-bottom: 12px; }
    .hint { font-weight: 400; font-size: 12px; }
    .error-text { font-weight: 500; font-size: 12.5px; }
  `,
})
export class WidgetEditor implements OnInit {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  readonly initial = input.required<WidgetForm>();
  readonly mode = input<'add' | 'edit'>('add');
  /** The API's messages for this widget's fields after a refused save. */
  readonly apiProblems = input<Partial<Record<keyof WidgetForm, string>>>({});
  readonly apply = output<WidgetForm>();
  readonly dismiss = output<void>();

  protected readonly kinds = WIDGET_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly metrics = METRICS;
  protected readonly metricLabels = METRIC_LABELS;
  protected readonly ranges = RANGES;
  protected readonly rangeWords = RANGE_WORDS;
  protected readonly verdicts = VERDICTS;
  protected readonly verdictWords = VERDICT_WORDS;
  protected readonly filterWords = FILTER_WORDS;
  protected readonly titleMax = GRID.titleMaxLength;
  protected readonly filterMax = GRID.filterMaxLength;

  protected form!: WidgetForm;
  /** Bumps when the kind changes, so the fields that depend on it are worked out again. */
  private readonly kindSeen = signal(0);
  private readonly tried = signal(false);
  private readonly localProblems = signal<Partial<Record<keyof WidgetForm, string>>>({});

  protected readonly hasMetric = computed(() => (this.kindSeen(), takesMetric(this.form.kind)));
  protected readonly hasVerdict = computed(() => (this.kindSeen(), takesVerdict(this.form.kind)));
  protected readonly filters = computed(() => (this.kindSeen(), filtersFor(this.form.kind)));

  constructor() {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('select:not([disabled]), input')?.focus());
  }

  ngOnInit(): void {
    this.form = { ...this.initial() };
  }

  protected placeholderTitle(): string {
    return defaultTitle(this.form);
  }

  protected hint(f: keyof WidgetFilters): string {
    return (f === 'campaignId' && CAMPAIGN_HINT[this.form.kind]) || FILTER_WORDS[f].hint;
  }

  protected problem(field: keyof WidgetForm): string | null {
    return (this.tried() ? this.localProblems()[field] : undefined) ?? this.apiProblems()[field] ?? null;
  }

  protected kindChanged(): void {
    if (takesMetric(this.form.kind) && !this.form.metric) this.form.metric = 'sent';
    this.kindSeen.update((n) => n + 1);
  }

  protected submit(): void {
    const problems = widgetFormProblems(this.form);
    this.localProblems.set(problems);
    this.tried.set(true);
    if (Object.keys(problems).length === 0) this.apply.emit({ ...this.form });
  }
}
