import { ApiException } from '../../common/api.exception';
import { collectEvents } from './collector';

const opts = { workspaceId: 'w', source: 'api', maxBatch: 3, receivedAt: new Date(0), mayContainNul: false };

describe('collector', () => {
  it.each([
    ['one event', { type: 'email.sent' }, true, 1],
    ['an array', [{ type: 'a' }, { type: 'b' }], false, 2],
    ['an events envelope', { events: [{ type: 'a' }] }, false, 1],
  ])('takes %s', (_n, body, single, count) => {
    const batch = collectEvents(body, opts);
    expect(batch.single).toBe(single);
    expect(batch.items.map((i) => i.index)).toEqual([...Array(count).keys()]);
    expect(batch.items[0]).toMatchObject({ workspaceId: 'w', source: 'api' });
  });

  it.each([
    ['a number', 42, 400, 'body'],
    ['null', null, 400, 'body'],
    ['an empty array', [], 400, 'events'],
    ['more events than the limit', [{}, {}, {}, {}], 413, 'events'],
  ])('refuses %s', (_n, body, status, field) => {
    try {
      collectEvents(body, opts);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(ApiException);
      expect((err as ApiException).status).toBe(status);
      expect((err as ApiException).field).toBe(field);
    }
  });
});
