import type { AppConfig } from '../../config/config.schema';
import { CampaignBreakdownCache } from './campaign-breakdown.cache';
import type { BreakdownRow, CampaignsRepository } from './campaigns.repository';

/** A repository whose every load answers a new generation number (as `messages`), so a test sees which load it got. */
function counting() {
  let loads = 0;
  const repo = {
    breakdown: () => Promise.resolve([{ messages: ++loads } as BreakdownRow]),
  } as unknown as CampaignsRepository;
  return { repo, loads: () => loads };
}

describe('CampaignBreakdownCache', () => {
  afterEach(() => jest.useRealTimers());

  it('reuses the counts within the TTL, then answers the kept ones while reloading in the background', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    const { repo, loads } = counting();
    const cache = new CampaignBreakdownCache(repo, {
      ANALYTICS_CAMPAIGN_CACHE_SECONDS: 10,
    } as AppConfig);
    expect((await cache.breakdown('w', 'c'))[0]!.messages).toBe(1);
    jest.setSystemTime(9_000);
    expect((await cache.breakdown('w', 'c'))[0]!.messages).toBe(1);
    expect(loads()).toBe(1);
    jest.setSystemTime(11_000);
    expect((await cache.breakdown('w', 'c'))[0]!.messages).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(loads()).toBe(2);
    expect((await cache.breakdown('w', 'c'))[0]!.messages).toBe(2);
    expect((await cache.breakdown('w', 'other'))[0]!.messages).toBe(3);
  });

  it('loads every time when turned off', async () => {
    const { repo, loads } = counting();
    const cache = new CampaignBreakdownCache(repo, {
      ANALYTICS_CAMPAIGN_CACHE_SECONDS: 0,
    } as AppConfig);
    await cache.breakdown('w', 'c');
    await cache.breakdown('w', 'c');
    expect(loads()).toBe(2);
  });
});
