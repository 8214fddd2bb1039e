import { Pool } from 'pg';
import { postEvents, startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

describe('POST /v1/events refuses bad input with a 4xx and a reason naming the field', () => {
  let t: TestApp;
  let small: TestApp;
  let ingestKey: string;
  let readKey: string;
  let workspaceId: string;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  const now = () => new Date().toISOString();
  const deadLetters = async () =>
    (await pool.query<{ reason: string; field: string | null; payload: unknown; raw: string | null }>('SELECT reason, field, payload, raw FROM dead_letters WHERE workspace_id = $1 ORDER BY id', [workspaceId])).rows;

  beforeAll(async () => {
    t = await startTestApp();
    small = await startTestApp({ INGEST_MAX_BODY_BYTES: '2048', INGEST_MAX_BATCH: '100' });
    ({ ingestKey, readKey, workspaceId } = await t.newWorkspace());
  });
  afterAll(async () => {
    await Promise.all([t.close(), small.close(), pool.end()]);
  });

  it('malformed JSON: 400 malformed_json, raw body dead-lettered', async () => {
    const res = await postEvents(t.baseUrl, ingestKey, '{"type": "email.sent", ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'malformed_json', field: 'body' });
    expect(res.body.error.message).toMatch(/not valid JSON/);
    expect((await deadLetters()).at(-1)).toMatchObject({ field: 'body', raw: '{"type": "email.sent", ' });
  });

  it.each([
    ['wrong types', { type: 'email.sent', occurredAt: 12345, messageId: 'm' }, 'occurredAt'],
    ['unknown type', { type: 'email.exploded', occurredAt: '2026-01-01T00:00:00Z' }, 'type'],
    ['missing fields', { type: 'email.bounced', occurredAt: new Date().toISOString(), messageId: 'm' }, 'properties.bounceClass'],
    ['a timestamp far in the future', { type: 'email.sent', occurredAt: '2099-01-01T00:00:00Z', messageId: 'm' }, 'occurredAt'],
  ])('%s in a single event: 400 invalid_event naming %s, payload dead-lettered', async (_name, event, field) => {
    const res = await postEvents(t.baseUrl, ingestKey, event);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_event', field });
    expect(res.body.error.message.startsWith(field)).toBe(true);
    expect(res.body.rejected).toEqual([expect.objectContaining({ index: 0, field })]);
    expect((await deadLetters()).at(-1)).toMatchObject({ field, payload: event });
  });

  it('a NUL character in a string: 400 naming it, the payload dead-lettered with U+FFFD in its place', async () => {
    const res = await postEvents(t.baseUrl, ingestKey, '{"type":"user.login","occurredAt":"' + now() + '","properties":{"userId":"a\\u0000b"}}');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/NUL/);
    expect((await deadLetters()).at(-1)).toMatchObject({ payload: { properties: { userId: 'a\ufffdb' } } });
  });

  it('a batch with some bad events: 202 for the good ones, each bad one listed by index', async () => {
    const good = { id: uniqueId('ok-'), type: 'email.sent', occurredAt: now(), messageId: uniqueId('m-'), campaignId: 'c' };
    const res = await postEvents(t.baseUrl, ingestKey, [good, { type: 'nope', occurredAt: now() }, { ...good, id: uniqueId(), contact: { email: 'x' } }]);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [expect.objectContaining({ index: 1, field: 'type' }), expect.objectContaining({ index: 2, field: 'contact.email' })],
    });
  });

  it('a batch with only bad events: 400 with every rejection', async () => {
    const res = await postEvents(t.baseUrl, ingestKey, { events: [{ type: 'x' }, { type: 'email.sent' }] });
    expect(res.status).toBe(400);
    expect(res.body.rejected).toHaveLength(2);
    expect(res.body.error.message).toMatch(/All 2 events were rejected/);
  });

  it('an oversize batch: 413 batch_too_large naming the limit', async () => {
    const events = Array.from({ length: 101 }, (_, i) => ({ type: 'user.login', occurredAt: now(), properties: { userId: `u${i}` } }));
    const { ingestKey: key } = await small.newWorkspace();
    const res = await postEvents(small.baseUrl, key, JSON.stringify(events).length > 2048 ? events.slice(0, 101).map(() => ({})) : events);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'batch_too_large', field: 'events' });
    expect(res.body.error.message).toMatch(/limit is 100/);
  });

  it('an oversize body: 413 body_too_large', async () => {
    const { ingestKey: key } = await small.newWorkspace();
    const res = await postEvents(small.baseUrl, key, { type: 'user.login', occurredAt: now(), properties: { userId: 'u', pad: 'x'.repeat(4000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it.each([
    ['a number', '42', 'body'],
    ['an empty batch', '[]', 'events'],
    ['null', 'null', 'body'],
  ])('a body that is %s: 400 naming %s', async (_n, body, field) => {
    const res = await postEvents(t.baseUrl, ingestKey, body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it('a body that is not JSON: 415', async () => {
    const res = await postEvents(t.baseUrl, ingestKey, 'type=email.sent', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it.each([
    ['missing key', undefined, {}, 401, 'missing_key'],
    ['not a bearer header', undefined, { authorization: 'Basic abc' }, 401, 'missing_key'],
    ['unknown key', 'mp_ingest_not-a-real-key', {}, 401, 'invalid_key'],
  ])('%s: %i %s', async (_n, key, headers, status, code) => {
    const res = await postEvents(t.baseUrl, key, { type: 'user.login', occurredAt: now(), properties: { userId: 'u' } }, headers);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field: 'Authorization' });
  });

  it('a read key used to ingest: 403 wrong_key_scope', async () => {
    const res = await postEvents(t.baseUrl, readKey, { type: 'user.login', occurredAt: now(), properties: { userId: 'u' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('wrong_key_scope');
  });

  it('malformed JSON on another route answers 400 without a 500', async () => {
    const res = await fetch(`${t.baseUrl}/health`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBeLessThan(500);
  });
});
