import { isIP } from 'node:net';
import { MAX_TEXT_LENGTH } from '@mailpulse/contracts';

/** What a pixel load or a click tells about the machine or person behind it. */
export interface HitSignals {
  method: 'GET' | 'HEAD';
  userAgent?: string;
  ip?: string;
  /** The client announced a prefetch (`Purpose`, `Sec-Purpose`, `X-Purpose` or `X-Moz: prefetch`). */
  prefetch: boolean;
}

export interface RequestLike {
  method: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

const PREFETCH_HEADERS = ['purpose', 'sec-purpose', 'x-purpose', 'x-moz'] as const;
const PREFETCH = /\bprefetch\b/i;

function header(req: RequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Reads the signals of one hit. The IP is the client's as Fastify resolves it (the app trusts the proxy's
 * X-Forwarded-For); a value that is not an IP address is left out rather than failing the event, and a
 * user agent longer than an event allows is cut.
 */
export function hitSignalsOf(req: RequestLike): HitSignals {
  // Built by assignment rather than spreads: this runs once per pixel load or click.
  const signals: HitSignals = { method: req.method === 'HEAD' ? 'HEAD' : 'GET', prefetch: false };
  const userAgent = header(req, 'user-agent')?.slice(0, MAX_TEXT_LENGTH);
  if (userAgent) signals.userAgent = userAgent;
  if (isIP(req.ip)) signals.ip = req.ip;
  for (const name of PREFETCH_HEADERS) {
    const value = header(req, name);
    if (value && PREFETCH.test(value)) signals.prefetch = true;
  }
  return signals;
}
