import { DestroyRef, effect, inject, untracked } from '@angular/core';
import { LiveStream } from './live-stream';

/**
 * Re-runs `reload` after live events arrive, at most once per `everyMs`, so a page's figures follow the stream
 * without a reload and without a request per delta. Call in an injection context.
 */
export function refreshOnLiveEvents(reload: () => unknown, everyMs = 5000): void {
  const live = inject(LiveStream);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  inject(DestroyRef).onDestroy(() => {
    if (timer) clearTimeout(timer);
  });
  effect(() => {
    if (live.lastDeltaAt() === null) return;
    untracked(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        reload();
      }, Math.max(0, last + everyMs - Date.now()));
    });
  });
}
