const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** True for errors that mean "the database is not reachable right now" (retry later), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  const msg = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(msg);
}

/** PostgreSQL refuses the value itself (a NUL character, a character the encoding cannot hold): the client's input. */
const REFUSED_VALUE_CODES = new Set(['22021', '22P05']);

/** True for errors that mean "this value from the request cannot be stored or searched for" (a 400, not a bug). */
export function isRefusedValue(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && REFUSED_VALUE_CODES.has(code);
}
