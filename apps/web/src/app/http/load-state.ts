import { computed, DestroyRef, inject, signal, Signal } from '@angular/core';
import { ApiProblem, toApiProblem } from './api-error';

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; problem: ApiProblem };

export interface Loader<T> {
  readonly state: Signal<LoadState<T>>;
  /** The data once loaded (kept during a refresh), else null. */
  readonly data: Signal<T | null>;
  /** The problem of the last attempt, else null. */
  readonly problem: Signal<ApiProblem | null>;
  /** Fetches again; the previous data stays on screen while a refresh (not the first load) runs. */
  reload(): Promise<void>;
}

/**
 * Holds one API read for a page: loading, its data or its problem. A newer reload wins over an older one that
 * answers late, so a fast workspace switch never shows the previous workspace's data.
 */
export function createLoader<T>(fetcher: () => Promise<T>, options: { immediate?: boolean } = {}): Loader<T> {
  const state = signal<LoadState<T>>({ status: 'loading' });
  let generation = 0;
  let destroyed = false;
  try {
    inject(DestroyRef).onDestroy(() => (destroyed = true));
  } catch {
    // Outside an injection context (plain unit tests): nothing to clean up.
  }
  const reload = async (): Promise<void> => {
    const mine = ++generation;
    if (state().status !== 'ready') state.set({ status: 'loading' });
    try {
      const data = await fetcher();
      if (mine === generation && !destroyed) state.set({ status: 'ready', data });
    } catch (err) {
      if (mine === generation && !destroyed) state.set({ status: 'error', problem: toApiProblem(err) });
    }
  };
  if (options.immediate !== false) void reload();
  const data = computed(() => {
    const s = state();
    return s.status === 'ready' ? s.data : null;
  });
  const problem = computed(() => {
    const s = state();
    return s.status === 'error' ? s.problem : null;
  });
  return { state: state.asReadonly(), data, problem, reload };
}
