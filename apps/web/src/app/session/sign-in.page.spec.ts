import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { SignInPage } from './sign-in.page';
import { SessionStore } from './session.store';

describe('SignInPage', () => {
  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: '**', children: [] }])],
    }).compileComponents();
  });

  async function submit(fixture: ReturnType<typeof TestBed.createComponent<SignInPage>>): Promise<void> {
    const el = fixture.nativeElement as HTMLElement;
    const email = el.querySelector('[data-testid="email"]') as HTMLInputElement;
    const password = el.querySelector('[data-testid="password"]') as HTMLInputElement;
    email.value = 'ada@example.com';
    email.dispatchEvent(new Event('input'));
    password.value = 'correct horse';
    password.dispatchEvent(new Event('input'));
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await Promise.resolve();
  }

  it("shows the API's reason when the sign-in is refused", async () => {
    const fixture = TestBed.createComponent(SignInPage);
    fixture.detectChanges();
    await fixture.whenStable();
    await submit(fixture);
    const http = TestBed.inject(HttpTestingController);
    const req = http.expectOne('/v1/auth/login');
    expect(req.request.body).toEqual({ email: 'ada@example.com', password: 'correct horse' });
    req.flush({ error: { code: 'invalid_credentials', message: 'The email or password is wrong' } }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="sign-in-error"]')?.textContent).toContain('The email or password is wrong');
  });

  it('remembers the user and their workspaces and goes to the overview', async () => {
    const fixture = TestBed.createComponent(SignInPage);
    const navigated = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    fixture.detectChanges();
    await fixture.whenStable();
    await submit(fixture);
    TestBed.inject(HttpTestingController)
      .expectOne('/v1/auth/login')
      .flush({ token: 't', expiresAt: '', user: { id: 'u', email: 'ada@example.com' }, workspaces: [{ id: 'w', name: 'Acme', role: 'admin' }] });
    await fixture.whenStable();
    const session = TestBed.inject(SessionStore);
    expect(session.user()?.email).toBe('ada@example.com');
    expect(session.workspaceId()).toBe('w');
    expect(navigated).toHaveBeenCalledWith('/overview');
  });
});
