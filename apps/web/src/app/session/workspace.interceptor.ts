import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { tap } from 'rxjs';
import { SessionStore } from './session.store';

/** Only these 401s mean the sign-in is gone; `missing_key`/`invalid_key` come from routes that take API keys only. */
const SESSION_CODES = new Set(['invalid_session', 'missing_credentials']);

function isSessionError(err: HttpErrorResponse): boolean {
  const code = (err.error as { error?: { code?: string } } | null)?.error?.code;
  return code === undefined || SESSION_CODES.has(code);
}

/**
 * Sends the chosen workspace with every API call and, when the API says the session is gone, sends the user
 * back to sign-in with the page they were on.
 */
export const workspaceInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  const workspaceId = session.workspaceId();
  const outgoing = workspaceId && !req.headers.has('X-Workspace-Id') ? req.clone({ setHeaders: { 'X-Workspace-Id': workspaceId } }) : req;
  return next(outgoing).pipe(
    tap({
      error: (err: unknown) => {
        const sessionGone = err instanceof HttpErrorResponse && err.status === 401 && isSessionError(err) && !req.url.startsWith('/v1/auth/');
        if (sessionGone && session.signedIn()) {
          session.expire();
          void router.navigate(['/sign-in'], { queryParams: { next: router.url } });
        }
      },
    }),
  );
};
