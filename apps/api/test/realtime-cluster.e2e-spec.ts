import type { ChildProcess } from 'node:child_process';
import { connectLive, LiveClient, summed, totalEvents } from './support/live-client';
import { createWorkspaceWithCli, freePort, killHard, startServer } from './support/server-process';
import { postEvents, uniqueId } from './support/test-app';

/**
 * Two processes of the built API (dist/apps/api/main.js) on two ports, sharing only PostgreSQL and Redis: events
 * ingested on one reach live-stream clients connected to the other, through the socket.io Redis adapter.
 */
describe('live stream across two API processes (Redis adapter)', () => {
  let a: ChildProcess;
  let b: ChildProcess;
  let urlA: string;
  let urlB: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    [a, b] = await Promise.all([startServer(portA, { REALTIME_FLUSH_MS: '200' }), startServer(portB, { REALTIME_FLUSH_MS: '200' })]);
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([a && killHard(a), b && killHard(b)]);
  });

  it('an event ingested on one process reaches a client of the other, counted once, with exact sums', async () => {
    const ws = createWorkspaceWithCli(`cluster-${uniqueId()}`);
    const onB = await connectLive(urlB, { token: ws.readKey });
    const onA = await connectLive(urlA, { token: ws.readKey });
    const campaignOnB = await connectLive(urlB, { token: ws.readKey });
    clients.push(onA, onB, campaignOnB);
    expect(await onB.subscribe()).toMatchObject({ ok: true, workspaceId: ws.workspaceId });
    expect(await onA.subscribe()).toMatchObject({ ok: true });
    expect(await campaignOnB.subscribe({ campaignId: 'east' })).toMatchObject({ ok: true });

    const run = uniqueId('cl-');
    const at = new Date(Date.now() - 5_000).toISOString();
    const events = (from: number, count: number, campaignId: string) =>
      Array.from({ length: count }, (_, i) => ({ id: `${run}-${from + i}`, type: i % 2 ? 'email.delivered' : 'email.sent', occurredAt: at, messageId: `${run}-m${from + i}`, campaignId }));

    // Only process A stores these; B has no client of its own posting anything.
    const first = await postEvents(urlA, ws.ingestKey, events(0, 300, 'east'));
    expect(first.body).toMatchObject({ accepted: 300 });
    await onB.waitFor((d) => totalEvents(d) >= 300, '300 events on B');
    // Both processes store; each client gets the union, each event once.
    const [second, third] = await Promise.all([postEvents(urlA, ws.ingestKey, events(300, 200, 'west')), postEvents(urlB, ws.ingestKey, events(500, 100, 'east'))]);
    expect(second.body).toMatchObject({ accepted: 200 });
    expect(third.body).toMatchObject({ accepted: 100 });
    await onB.waitFor((d) => totalEvents(d) >= 600, '600 events on B');
    await onA.waitFor((d) => totalEvents(d) >= 600, '600 events on A');
    await campaignOnB.waitFor((d) => totalEvents(d) >= 400, '400 east events on B');
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const c of [onA, onB]) {
      expect(totalEvents(c.deltas)).toBe(600);
      expect(summed(c.deltas, 'email.sent')).toBe(300);
      expect(summed(c.deltas, 'email.delivered')).toBe(300);
    }
    expect(totalEvents(campaignOnB.deltas)).toBe(400);
    expect(campaignOnB.deltas.every((d) => d.campaignId === 'east')).toBe(true);
    // The live window is read from the shared Redis live store, so both processes' events are in it.
    expect(await onB.subscribe()).toMatchObject({ ok: true, snapshot: { counts: { 'email.sent': 300, 'email.delivered': 300 } } });
  });
});
