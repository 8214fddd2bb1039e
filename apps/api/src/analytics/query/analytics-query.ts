import { VERDICT_VARIANTS } from '@mailpulse/metrics';
import { z } from 'zod';

/** Query-string schemas shared by the analytics routes; parse with `parseBody(schema, query, 'query')`. */

/** An ISO 8601 time with a zone, or a UTC date (YYYY-MM-DD), as a Date. */
export const instant = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(
        v,
      ) && !Number.isNaN(Date.parse(v)),
    {
      message:
        'must be an ISO 8601 time with a time zone (2026-11-22T09:00:00Z) or a date (2026-11-22)',
    },
  )
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

export const verdict = z
  .enum(VERDICT_VARIANTS, `must be one of ${VERDICT_VARIANTS.join(', ')}`)
  .default('human');

export const id = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');

export function intParam(min: number, max: number, fallback: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

export function numberParam(min: number, max: number, fallback: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/**
 * `from` and `to` (exclusive), defaulting to the `defaultDays` before now; a range that is empty, reversed or
 * longer than `maxDays` is refused naming `from`.
 */
export function withRange<T extends z.ZodRawShape>(
  shape: T,
  defaultDays: number,
  maxDays: number,
) {
  const base = z.strictObject({
    ...shape,
    from: instant.optional(),
    to: instant.optional(),
  });
  return base.transform((q, ctx) => {
    const given = q as unknown as { from?: Date; to?: Date };
    const to = given.to ?? new Date();
    const from =
      given.from ?? new Date(to.getTime() - defaultDays * 86_400_000);
    if (from.getTime() >= to.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'must be before to',
      });
      return z.NEVER;
    }
    if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `the range must be at most ${maxDays} days`,
      });
      return z.NEVER;
    }
    return { ...q, from, to } as Omit<z.output<typeof base>, 'from' | 'to'> &
      TimeRange;
  });
}

/** Opaque cursor: base64url of a JSON array. A cursor that does not decode is a 400 on `cursor`. */
export const cursor = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    try {
      const value = JSON.parse(
        Buffer.from(v, 'base64url').toString('utf8'),
      ) as unknown;
      if (Array.isArray(value)) return value as unknown[];
    } catch {
      // fall through
    }
    ctx.addIssue({
      code: 'custom',
      message: 'is not a cursor this API returned',
    });
    return z.NEVER;
  });

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}
