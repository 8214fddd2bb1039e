/** A request body that was not valid JSON, kept so the route can dead-letter it once it knows the workspace. */
export class MalformedBody {
  constructor(
    readonly raw: string,
    readonly message: string,
  ) {}
}

/**
 * Parsed bodies whose JSON text spelled a NUL character (\u0000). Only their events need the per-string NUL
 * check, which keeps that walk off the common path.
 */
export const bodiesWithNulEscape = new WeakSet<object>();
