import type { z } from 'zod';
import { ApiErrorCode, ApiException } from './api.exception';

/** The first problem with a request body as `field: reason`, with the field's dotted path. */
export function describeBodyError(error: z.ZodError, topLevel = 'body'): { field: string; message: string } {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return { field, message: `${field}: is not a known field` };
  }
  const field = issue.path.length ? issue.path.join('.') : topLevel;
  return { field, message: `${field}: ${issue.message}` };
}

/** Parses a request body (or a path parameter, named by `topLevel`) with `schema`; a bad one is a 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, topLevel = 'body'): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const { field, message } = describeBodyError(parsed.error, topLevel);
  throw new ApiException(400, ApiErrorCode.InvalidBody, message, field);
}
