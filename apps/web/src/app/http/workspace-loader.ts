import { effect, inject, untracked } from '@angular/core';
import { SessionStore } from '../session/session.store';
import { createLoader, Loader } from './load-state';

/** A page's API read that runs again whenever the user switches workspace. Call in an injection context. */
export function workspaceLoader<T>(fetcher: () => Promise<T>): Loader<T> {
  const session = inject(SessionStore);
  const loader = createLoader(fetcher, { immediate: false });
  effect(() => {
    if (session.workspaceId()) untracked(() => void loader.reload());
  });
  return loader;
}
