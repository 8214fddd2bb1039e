import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { HealthService } from '../health/health.service';
import { LiveStatus, LiveStream } from '../live/live-stream';
import { SessionStore } from '../session/session.store';
import { Layout } from './layout';

/** The live stream without a socket: the frame only reads its status. */
class QuietLiveStream {
  readonly status = signal<LiveStatus>('live');
  readonly statusDetail = signal('Live');
  start(): void {
    /* no socket in a unit test */
  }
  stop(): void {
    this.status.set('off');
  }
}

describe('Layout', () => {
  let live: QuietLiveStream;

  beforeEach(async () => {
    live = new QuietLiveStream();
    await TestBed.configureTestingModule({
      imports: [Layout],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: LiveStream, useValue: live },
        { provide: HealthService, useValue: { check: async () => ({ ok: true, summary: 'All systems ready' }) } },
      ],
    }).compileComponents();
    const session = TestBed.inject(SessionStore);
    const signingIn = session.signIn('ada@example.com', 'pw');
    TestBed.inject(HttpTestingController)
      .expectOne('/v1/auth/login')
      .flush({
        token: 't',
        expiresAt: '',
        user: { id: 'u', email: 'ada@example.com' },
        workspaces: [
          { id: 'w1', name: 'Acme', role: 'admin' },
          { id: 'w2', name: 'Beta', role: 'viewer' },
        ],
      });
    await signingIn;
  });

  it('lists every page in the navigation and the workspaces in the switcher', () => {
    const fixture = TestBed.createComponent(Layout);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(Array.from(el.querySelectorAll('nav a')).map((a) => a.textContent?.trim())).toEqual(['Overview', 'Dashboards', 'Campaigns', 'Contacts', 'Deliverability', 'Benchmarks', 'Anomalies & alerts', 'Predictions', 'Reports & exports', 'Settings']);
    const options = Array.from(el.querySelectorAll('[data-testid="workspace"] option')).map((o) => o.textContent?.trim());
    expect(options).toEqual(['Acme · admin', 'Beta · viewer']);
  });

  it('switches the workspace the API calls act on', () => {
    const fixture = TestBed.createComponent(Layout);
    fixture.detectChanges();
    const select = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="workspace"]') as HTMLSelectElement;
    select.value = 'w2';
    select.dispatchEvent(new Event('change'));
    expect(TestBed.inject(SessionStore).workspaceId()).toBe('w2');
    expect(localStorage.getItem('mailpulse.workspace')).toBe('w2');
  });

  it('shows a lost live connection in a banner and takes it away when it is back', () => {
    const fixture = TestBed.createComponent(Layout);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="live-banner"]')).toBeNull();
    live.status.set('lost');
    live.statusDetail.set('Connection lost — reconnecting. Figures resume when it is back.');
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="live-status"]')?.textContent?.trim()).toBe('Reconnecting…');
    expect(el.querySelector('[data-testid="live-banner"]')?.textContent).toContain('Connection lost');
    live.status.set('live');
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="live-banner"]')).toBeNull();
  });
});
