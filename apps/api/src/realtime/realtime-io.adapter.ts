import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/config.schema';

/**
 * socket.io on the API's own HTTP server. With REDIS_URL the Redis adapter joins every API process into one
 * stream (notices reach every process's clients, stored counts reach every process); without it, the default
 * in-process adapter.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly redisClients: Redis[] = [];
  private closing = false;
  private readonly logger = new Logger('realtime');

  constructor(
    app: INestApplicationContext,
    private readonly config: Pick<AppConfig, 'REDIS_URL' | 'CORS_ORIGINS'>,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = this.config.CORS_ORIGINS;
    const cors = origins.length === 0 ? undefined : origins.includes('*') ? { origin: '*' } : { origin: [...origins], credentials: true };
    const server = super.createIOServer(port, { ...options, ...(cors ? { cors } : {}) }) as Server;
    if (this.config.REDIS_URL) {
      const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);
      const pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy });
      // The subscriber's SUBSCRIBE waits for Redis however long it is away (a failed one would never be repeated).
      const sub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null, retryStrategy });
      // Connection errors must not crash the process; Redis being away shows in /health through the live store.
      pub.on('error', () => undefined);
      sub.on('error', () => undefined);
      // The adapter publishes without handling a failed publish; while Redis is away that rejection would end the
      // process. Other processes then miss those counts and notices; this process's own clients still get theirs.
      const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
      pub.publish = ((channel: string | Buffer, message: string | Buffer) =>
        publish(channel, message).catch((err: Error) => {
          this.logger.warn(`live stream: Redis publish failed: ${err.message}`);
          return 0;
        })) as typeof pub.publish;
      // The adapter subscribes without awaiting; when the app closes before the subscriber is connected, disconnecting
      // rejects those commands ("Connection is closed"), which must not surface as an unhandled rejection.
      for (const method of ['subscribe', 'psubscribe'] as const) {
        const original = sub[method].bind(sub) as (...args: unknown[]) => Promise<unknown>;
        (sub as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
          original(...args).catch((err: Error) => {
            if (!this.closing) this.logger.warn(`live stream: Redis ${method} failed: ${err.message}`);
            return 0;
          });
      }
      this.redisClients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: 'mailpulse:live' }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    this.closing = true;
    // QUIT when connected; a client still waiting for Redis is cut at once (its QUIT would wait forever).
    await Promise.all(this.redisClients.map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
    this.redisClients.length = 0;
  }
}
