import type { INestApplicationContext } from '@nestjs/common';
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
      const pub = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
      const sub = pub.duplicate();
      // Connection errors must not crash the process; Redis being away shows in /health through the live store.
      pub.on('error', () => undefined);
      sub.on('error', () => undefined);
      this.redisClients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: 'mailpulse:live' }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await Promise.all(this.redisClients.map((c) => c.quit().catch(() => c.disconnect())));
    this.redisClients.length = 0;
  }
}
