import { TestBed } from '@angular/core/testing';
import { App } from './app';
import { HealthService } from './health/health.service';

describe('App', () => {
  it('shows the health summary once the probe answers', async () => {
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [{ provide: HealthService, useValue: { check: async () => ({ ok: false, summary: 'database: down' }) } }],
    }).compileComponents();
    const fixture = TestBed.createComponent(App);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const badge = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="health"]');
    expect(badge?.textContent).toContain('database: down');
  });
});
