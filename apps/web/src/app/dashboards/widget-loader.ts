import { computed, effect, inject, untracked } from '@angular/core';
import { createLoader, Loader } from '../http/load-state';
import { refreshOnLiveEvents } from '../live/live-refresh';
import { SessionStore } from '../session/session.store';

/**
 * A widget's analytics read: runs when the workspace or what the widget reads (`key`: its kind, metric, range,
 * verdict, filters — not its place on the grid) changes, and again after live events at most every `liveEveryMs`.
 * Each widget has its own, so one failing read shows in its widget only. Call in an injection context.
 */
export function widgetLoader<T>(key: () => string, fetcher: () => Promise<T>, liveEveryMs = 10_000): Loader<T> {
  const session = inject(SessionStore);
  const loader = createLoader(fetcher, { immediate: false });
  const reads = computed(() => `${session.workspaceId()}|${key()}`);
  effect(() => {
    reads();
    if (session.workspaceId()) untracked(() => void loader.reload());
  });
  refreshOnLiveEvents(() => loader.reload(), liveEveryMs);
  return loader;
}
