import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@mailpulse/contracts';

/** An API failure as the pages show it: what happened, in words, and whether the route exists on this server yet. */
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  field?: string;
  /** The server has no such route: the feature behind it is not installed in this version. */
  notAvailable: boolean;
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ApiErrorBody).error?.message === 'string';
}

/** Unknown routes answer 404 with "No route GET /v1/…" (static fallback) or "Cannot GET /v1/…" (the framework). */
const NO_ROUTE = /^(No route|Cannot) (GET|POST|PATCH|DELETE|PUT) /;

export function toApiProblem(err: unknown): ApiProblem {
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) {
      return { status: 0, code: 'unreachable', message: 'The Mailpulse server did not answer. Check that it is running, then retry.', notAvailable: false };
    }
    if (isErrorBody(err.error)) {
      const { code, message, field } = err.error.error;
      return { status: err.status, code, message, field, notAvailable: err.status === 404 && NO_ROUTE.test(message) };
    }
    return { status: err.status, code: `http_${err.status}`, message: err.statusText || `The server answered ${err.status}`, notAvailable: err.status === 404 };
  }
  return { status: -1, code: 'client_error', message: err instanceof Error ? err.message : String(err), notAvailable: false };
}
