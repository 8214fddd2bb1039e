import { MINUTE_MS } from './live-store';
import { MemoryLiveStore } from './memory-live-store';

describe('MemoryLiveStore', () => {
  let now = 10 * 60 * MINUTE_MS;
  const store = new MemoryLiveStore(5 * MINUTE_MS, () => now);
  const m0 = 9 * 60 * MINUTE_MS;

  it('sums increments per minute and campaign and counts distinct contacts', async () => {
    await store.apply(
      [
        { workspaceId: 'w', campaignId: 'c', type: 'email.opened', minute: m0 + 58 * MINUTE_MS, count: 2 },
        { workspaceId: 'w', campaignId: 'c', type: 'email.opened', minute: m0 + 58 * MINUTE_MS, count: 3 },
        { workspaceId: 'w', campaignId: 'c', type: 'email.clicked', minute: m0 + 59 * MINUTE_MS, count: 1 },
        { workspaceId: 'w', campaignId: 'other', type: 'email.opened', minute: m0 + 59 * MINUTE_MS, count: 7 },
      ],
      [
        { workspaceId: 'w', minute: m0 + 58 * MINUTE_MS, contactKey: 'a' },
        { workspaceId: 'w', minute: m0 + 59 * MINUTE_MS, contactKey: 'a' },
        { workspaceId: 'w', minute: m0 + 59 * MINUTE_MS, contactKey: 'b' },
      ],
    );
    expect(await store.readMinutes('w', 'c', m0, now)).toEqual([
      { minute: m0 + 58 * MINUTE_MS, counts: { 'email.opened': 5 } },
      { minute: m0 + 59 * MINUTE_MS, counts: { 'email.clicked': 1 } },
    ]);
    expect(await store.countActiveContacts('w', m0, now)).toBe(2);
  });

  it('forgets minutes older than its window', async () => {
    now += 10 * MINUTE_MS;
    expect(await store.readMinutes('w', 'c', m0, now)).toEqual([]);
    expect(await store.countActiveContacts('w', m0, now)).toBe(0);
  });
});
