import { Component, computed, input } from '@angular/core';
import { describeChange, describeRateChange, formatCount, formatMoney, formatRate } from '../format/locale-format';

/** One KPI: its value, the change against the previous period, and optionally a rate with its own change. */
@Component({
  selector: 'app-kpi-card',
  template: `
    <div class="card kpi" [attr.data-testid]="'kpi-' + key()">
      <span class="label">{{ label() }}</span>
      <strong class="value" data-testid="kpi-value">{{ valueText() }}</strong>
      <span class="change {{ change().direction }}" [class.inverse]="lowerIsBetter()">{{ arrow() }} {{ change().text }}</span>
      @if (rateLabel()) {
        <span class="rate"><b>{{ rateText() }}</b> {{ rateLabel() }} <span class="change {{ rateChange().direction }}" [class.inverse]="lowerIsBetter()">{{ rateChange().text }}</span></span>
      }
    </div>
  `,
  styles: `
    .kpi { display: flex; flex-direction: column; gap: 2px; height: 100%; }
    .label { color: var(--text-muted); font-weight: 550; font-size: 13px; }
    .value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.2; }
    .rate { font-size: 12.5px; color: var(--text-muted); }
    .rate b { color: var(--text); font-variant-numeric: tabular-nums; }
    .change { font-size: 12.5px; font-weight: 600; color: var(--text-muted); }
    .change.up { color: var(--ok); } .change.down { color: var(--bad); }
    .change.inverse.up { color: var(--bad); } .change.inverse.down { color: var(--ok); }
  `,
})
export class KpiCard {
  readonly key = input.required<string>();
  readonly label = input.required<string>();
  readonly value = input.required<number>();
  readonly previous = input<number | null>(null);
  readonly money = input(false);
  readonly rate = input<number | null>(null);
  readonly previousRate = input<number | null>(null);
  readonly rateLabel = input<string>('');
  /** Bounces, complaints, unsubscribes: a rise is bad news and is coloured so. */
  readonly lowerIsBetter = input(false);

  protected readonly valueText = computed(() => (this.money() ? formatMoney(this.value()) : formatCount(this.value())));
  protected readonly change = computed(() => describeChange(this.value(), this.previous()));
  protected readonly arrow = computed(() => ({ up: '▲', down: '▼', flat: '', new: '●' })[this.change().direction]);
  protected readonly rateText = computed(() => formatRate(this.rate()));
  protected readonly rateChange = computed(() => {
    const r = this.rate();
    // Without an earlier rate there is nothing to compare; the count's own change already says so.
    return r === null || this.previousRate() === null ? { direction: 'flat' as const, text: '' } : describeRateChange(r, this.previousRate());
  });
}
