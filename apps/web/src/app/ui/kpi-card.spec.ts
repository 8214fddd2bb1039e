import { TestBed } from '@angular/core/testing';
import { KpiCard } from './kpi-card';

describe('KpiCard', () => {
  async function render(inputs: Record<string, unknown>): Promise<HTMLElement> {
    await TestBed.configureTestingModule({ imports: [KpiCard] }).compileComponents();
    const fixture = TestBed.createComponent(KpiCard);
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the value, its change and the rate with its change in points', async () => {
    const el = await render({ key: 'bounces', label: 'Bounces', value: 1500, previous: 1000, rate: 0.03, previousRate: 0.02, rateLabel: 'bounce rate', lowerIsBetter: true });
    expect(el.querySelector('[data-testid="kpi-value"]')?.textContent?.trim()).toBe('1,500');
    const change = el.querySelector('.change') as HTMLElement;
    expect(change.textContent).toContain('+50%');
    expect(change.classList).toContain('up');
    expect(change.classList).toContain('inverse');
    expect(el.querySelector('.rate')?.textContent).toContain('3.0%');
    expect(el.querySelector('.rate')?.textContent).toContain('+1 pts');
  });

  it('formats revenue as money and has no rate line without a rate label', async () => {
    const el = await render({ key: 'revenue', label: 'Revenue', value: 1234.5, money: true });
    expect(el.querySelector('[data-testid="kpi-value"]')?.textContent?.trim()).toBe('$1,234.50');
    expect(el.querySelector('.rate')).toBeNull();
  });
});
