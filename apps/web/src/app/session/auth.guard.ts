import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session.store';

/** Pages behind sign-in: restores the session from its cookie, else redirects to /sign-in?next=<page>. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  if (await session.restore()) return true;
  return router.createUrlTree(['/sign-in'], { queryParams: { next: state.url } });
};

/** The sign-in page is skipped when a session is already live. */
export const signedOutGuard: CanActivateFn = async () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  return (await session.restore()) ? router.createUrlTree(['/overview']) : true;
};
