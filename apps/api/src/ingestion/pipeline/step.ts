/**
 * A pipeline step turns one input into a value, a deliberate drop, or a dead letter. Bad events are values
 * here, not exceptions: exceptions are for bugs and for infrastructure faults worth retrying.
 */
export type StepResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'drop'; reason: string }
  | { kind: 'deadLetter'; reason: string; field?: string };

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value });
export const drop = <T = never>(reason: string): StepResult<T> => ({ kind: 'drop', reason });
export const deadLetter = <T = never>(reason: string, field?: string): StepResult<T> => ({ kind: 'deadLetter', reason, ...(field ? { field } : {}) });

export interface Step<I, O> {
  readonly name: string;
  apply(input: I): StepResult<O>;
}

/** Runs `first`, then `second` on its value; a drop or dead letter stops the chain where it happened. */
export function pipe<A, B, C>(first: Step<A, B>, second: Step<B, C>): Step<A, C> {
  return {
    name: `${first.name}→${second.name}`,
    apply(input: A): StepResult<C> {
      const r = first.apply(input);
      return r.kind === 'ok' ? second.apply(r.value) : r;
    },
  };
}
