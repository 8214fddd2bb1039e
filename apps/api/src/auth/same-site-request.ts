import type { FastifyRequest } from 'fastify';

/**
 * True when a browser sent this request from another site. Cookie-authenticated changes must come from the
 * portal itself or an origin in CORS_ORIGINS: SameSite=Lax already keeps the cookie off cross-site POSTs, this
 * also covers sibling subdomains (same site, other origin) and old browsers.
 */
export function isForeignOriginRequest(req: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin) return origin !== `${req.protocol}://${req.host}` && !allowedOrigins.includes(origin);
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
