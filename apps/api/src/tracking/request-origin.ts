import type { FastifyRequest } from 'fastify';

/** `proto://host[:port]` the request came in on (the app trusts the proxy's X-Forwarded-Proto/-Host). */
export function requestOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
