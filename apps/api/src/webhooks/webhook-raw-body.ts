import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';

const WEBHOOK_PATH = /^\/v1\/webhooks\//;
const rawBodies = new WeakMap<IncomingMessage, Buffer[]>();

/**
 * Keeps the exact bytes of webhook request bodies: SendGrid signs the raw body, and Postmark's 64-bit ids must
 * be re-read without JS number rounding. A preParsing hook tees the body stream for /v1/webhooks/ routes only;
 * the app's body parsers still run as before.
 */
@Injectable()
export class WebhookRawBodyCapture implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    adapter.getInstance<FastifyInstance>().addHook('preParsing', async (request: FastifyRequest, _reply, payload) => {
      if (request.method !== 'POST' || !WEBHOOK_PATH.test(request.url)) return payload;
      const chunks: Buffer[] = [];
      rawBodies.set(request.raw, chunks);
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback(null, chunk);
        },
      });
      // pipe() does not pass errors on; an aborted upload must still end the parser's read.
      payload.once('error', (err) => tee.destroy(err));
      return payload.pipe(tee);
    });
  }
}

/** The raw body of a webhook request, or null when none was captured. */
export function rawBodyOf(request: IncomingMessage): Buffer | null {
  const chunks = rawBodies.get(request);
  return chunks ? Buffer.concat(chunks) : null;
}
