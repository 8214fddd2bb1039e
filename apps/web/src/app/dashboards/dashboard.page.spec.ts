import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Dashboard, TimeSeriesResponse } from '@mailpulse/contracts';
import { LiveStatus, LiveStream } from '../live/live-stream';
import { SessionStore } from '../session/session.store';
import { DashboardPage } from './dashboard.page';

/** The live stream without a socket: widgets only read its signals. */
class QuietLiveStream {
  readonly status = signal<LiveStatus>('live');
  readonly statusDetail = signal('Live');
  readonly lastDeltaAt = signal<number | null>(null);
  readonly notices = signal([]);
  readonly tick = signal(0);
  perSecond(): Array<[number, number]> {
    return [];
  }
}

const dashboard = (over: Partial<Dashboard> = {}): Dashboard => ({
  id: 'd1',
  name: 'Launch week',
  shared: true,
  ownerUserId: 'u1',
  ownerName: 'ada@example.com',
  isDefault: false,
  canEdit: true,
  version: 3,
  createdAt: '2025-05-01T00:00:00Z',
  updatedAt: '2025-05-02T00:00:00Z',
  widgets: [
    { id: 'sent', kind: 'kpi', title: 'Sent', metric: 'sent', range: '24h', position: { x: 0, y: 0, w: 3, h: 2 } },
    { id: 'opens', kind: 'kpi', title: 'Opens', metric: 'opens', verdict: 'human', range: '24h', position: { x: 3, y: 0, w: 3, h: 2 } },
  ],
  ...over,
});

function series(metric: string, values: number[]): TimeSeriesResponse {
  const now = Date.now();
  return {
    metric: metric as TimeSeriesResponse['metric'],
    bucket: 'hour',
    from: '',
    to: '',
    verdict: 'human',
    filters: {},
    points: values.map((value, i) => ({ t: new Date(now - (values.length - 1 - i) * 3_600_000).toISOString(), value })),
  };
}

describe('DashboardPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<DashboardPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (sel: string) => el().querySelector<HTMLElement>(sel);

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      fixture.detectChanges();
    }
  }

  async function open(d: Dashboard): Promise<void> {
    fixture = TestBed.createComponent(DashboardPage);
    fixture.componentRef.setInput('id', d.id);
    fixture.detectChanges();
    http.expectOne('/v1/dashboards/d1').flush(d);
    await settle();
  }

  function timeseries(metric: string): TestRequest[] {
    return http.match((r) => r.url === '/v1/timeseries' && r.params.get('metric') === metric);
  }

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [DashboardPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: LiveStream, useValue: new QuietLiveStream() }],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    const signingIn = TestBed.inject(SessionStore).signIn('ada@example.com', 'pw');
    http.expectOne('/v1/auth/login').flush({ token: 't', expiresAt: '', user: { id: 'u1', email: 'ada@example.com' }, workspaces: [{ id: 'w1', name: 'Acme', role: 'analyst' }] });
    await signingIn;
  });

  it('shows each widget on its own: one failing read leaves the others showing their figures', async () => {
    await open(dashboard());
    const sent = timeseries('sent');
    expect(sent).toHaveLength(1);
    expect(sent[0].request.params.get('bucket')).toBe('hour');
    sent[0].flush(series('sent', [2, 3, 5]));
    timeseries('opens')[0].flush({ error: { code: 'internal', message: 'The server failed' } }, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(q('[data-widget-id="sent"] [data-testid="kpi-value"]')?.textContent?.trim()).toBe('10');
    expect(q('[data-widget-id="opens"] [data-testid="widget-problem"]')?.textContent).toContain('The server failed');
    expect(q('[data-widget-id="sent"] [data-testid="widget-problem"]')).toBeNull();
  });

  it('gives a viewer no edit controls', async () => {
    await open(dashboard({ canEdit: false }));
    expect(q('[data-testid="read-only"]')).not.toBeNull();
    for (const control of ['edit-dashboard', 'add-widget', 'save-dashboard', 'widget-settings', 'widget-remove']) {
      expect(q(`[data-testid="${control}"]`)).toBeNull();
    }
    expect(q('[data-testid="toggle-default"]')).not.toBeNull();
  });

  async function editAndSave(change: () => void): Promise<TestRequest> {
    q('[data-testid="edit-dashboard"]')!.click();
    await settle();
    change();
    await settle();
    q('[data-testid="save-dashboard"]')!.click();
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/v1/dashboards/d1');
    return put;
  }

  function rename(to: string): () => void {
    return () => {
      const name = q('[data-testid="dashboard-name"]') as HTMLInputElement;
      name.value = to;
      name.dispatchEvent(new Event('input'));
    };
  }

  it('saves the whole dashboard with the version it was read at', async () => {
    await open(dashboard());
    const put = await editAndSave(rename('Launch week, final'));
    expect(put.request.body).toEqual({ name: 'Launch week, final', shared: true, widgets: dashboard().widgets, version: 3 });
    put.flush(dashboard({ name: 'Launch week, final', version: 4 }));
    await settle();
    expect(q('h1')?.textContent).toBe('Launch week, final');
    expect(q('[data-testid="dashboard-notice"]')?.textContent).toContain('Saved (version 4)');
    expect(q('[data-testid="dashboard-name"]')).toBeNull();
  });

  it('says when someone saved in between and offers to reload', async () => {
    await open(dashboard());
    const put = await editAndSave(rename('Mine'));
    put.flush(
      { currentVersion: 5, error: { code: 'version_conflict', field: 'version', message: 'version: the dashboard was saved meanwhile' } },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(q('[data-testid="version-conflict"]')?.textContent).toContain('It is at version 5 now; your changes were made to version 3');
    q('[data-testid="conflict-reload"]')!.click();
    http.expectOne('/v1/dashboards/d1').flush(dashboard({ name: 'Theirs', version: 5 }));
    await settle();
    expect(q('h1')?.textContent).toBe('Theirs');
    expect(q('[data-testid="version-conflict"]')).toBeNull();
  });

  it("shows the API's message beside the widget field it names", async () => {
    await open(dashboard());
    const put = await editAndSave(rename('Renamed'));
    put.flush(
      { error: { code: 'invalid_body', field: 'widgets[1].title', message: 'widgets[1].title: must be at most 100 characters' } },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(q('[data-widget-id="opens"] [data-testid="widget-error"]')?.textContent).toBe('title: must be at most 100 characters');
    expect(q('[data-widget-id="sent"] [data-testid="widget-error"]')).toBeNull();
    expect(q('[data-testid="widget-editor"] [data-testid="widget-title-error"]')?.textContent).toBe('must be at most 100 characters');
    expect((q('[data-testid="widget-title"]') as HTMLInputElement).value).toBe('Opens');
  });

  it('shows a refused name beside the name field', async () => {
    await open(dashboard());
    const put = await editAndSave(rename(' '));
    put.flush({ error: { code: 'invalid_body', field: 'name', message: 'name: must not be empty' } }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(q('[data-testid="name-error"]')?.textContent).toBe('must not be empty');
  });
});
