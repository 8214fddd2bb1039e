import type { IngestEvent } from '@mailpulse/contracts';
import { IngestClient } from './ingest-client';

const EVENT: IngestEvent = {
  id: 'e1',
  type: 'user.login',
  occurredAt: '2026-03-01T00:00:00Z',
  properties: { userId: 'u' },
};

function reply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('IngestClient', () => {
  it('posts to /v1/events with the bearer key and adds up the answers', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = jest.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return reply(200, {
        accepted: 2,
        duplicates: 1,
        rejected: [
          {
            index: 2,
            field: 'occurredAt',
            reason: 'must be an ISO 8601 timestamp',
          },
        ],
      });
    });
    const client = new IngestClient({
      target: 'http://api:3000',
      key: 'secret',
      concurrency: 2,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    await client.send([EVENT, EVENT, EVENT]);
    await client.send([EVENT]);
    await client.drain();
    expect(calls[0].url).toBe('http://api:3000/v1/events');
    expect(
      (calls[0].init.headers as Record<string, string>)['authorization'],
    ).toBe('Bearer secret');
    expect(JSON.parse(calls[0].init.body as string)).toHaveLength(3);
    expect(client.totals).toMatchObject({
      requests: 2,
      accepted: 4,
      duplicates: 2,
      rejected: 2,
    });
    expect(client.totals.sampleRejections[0]).toContain('occurredAt');
  });

  it('retries 503s and network errors with backoff, honouring Retry-After', async () => {
    const answers: (() => Response)[] = [
      () =>
        reply(
          503,
          { error: { code: 'unavailable', message: 'busy' } },
          { 'retry-after': '2' },
        ),
      () => {
        throw new TypeError('fetch failed');
      },
      () => reply(200, { accepted: 1, duplicates: 0, rejected: [] }),
    ];
    const sleeps: number[] = [];
    const client = new IngestClient({
      target: 'http://api',
      key: undefined,
      concurrency: 1,
      fetch: (async () =>
        (answers.shift() as () => Response)()) as unknown as typeof fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await client.send([EVENT]);
    await client.drain();
    expect(sleeps).toEqual([2000, 500]);
    expect(client.totals).toMatchObject({
      requests: 3,
      retries: 2,
      accepted: 1,
    });
  });

  it('fails at once, with a hint, when the key is refused', async () => {
    const client = new IngestClient({
      target: 'http://api',
      key: 'wrong',
      concurrency: 1,
      fetch: (async () =>
        reply(401, {
          error: { code: 'unauthorized', message: 'bad key' },
        })) as unknown as typeof fetch,
    });
    await client.send([EVENT]);
    await expect(client.drain()).rejects.toThrow(/HTTP 401.*--key/s);
  });

  it('gives up after the last attempt', async () => {
    const client = new IngestClient({
      target: 'http://api',
      key: 'k',
      concurrency: 1,
      maxAttempts: 3,
      sleep: async () => undefined,
      fetch: (async () => reply(503, {})) as unknown as typeof fetch,
    });
    await client.send([EVENT]);
    await expect(client.drain()).rejects.toThrow(/after 3 attempt/);
  });
});
