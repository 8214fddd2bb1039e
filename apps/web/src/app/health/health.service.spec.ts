import { HealthService } from './health.service';

const respond = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('HealthService', () => {
  const service = new HealthService();

  it('reports ready when the probe answers 200', async () => {
    const report = await service.check(respond(200, { status: 'ok', checks: { database: { ok: true }, liveStore: { ok: true } } }));
    expect(report).toEqual({ ok: true, summary: 'All systems ready' });
  });

  it('names the failing dependency when the probe answers 503', async () => {
    const report = await service.check(
      respond(503, { status: 'unavailable', checks: { database: { ok: false, reason: 'connection refused' }, liveStore: { ok: true } } }),
    );
    expect(report).toEqual({ ok: false, summary: 'database: connection refused' });
  });

  it('says the API is unreachable when the request fails', async () => {
    const failing = (async () => {
      throw new TypeError('network');
    }) as unknown as typeof fetch;
    expect(await service.check(failing)).toEqual({ ok: false, summary: 'API unreachable' });
  });
});
