import type { AppConfig } from '../../config/config.schema';
import type { AttributionRepository } from '../attribution/attribution.repository';
import { CampaignAggregateCache } from './campaign-aggregate.cache';
import type { BreakdownRow, CampaignsRepository } from './campaigns.repository';

/** Repositories whose every load answers a new generation number (as `messages`), so a test sees which load it got. */
function counting(ttlSeconds: number) {
  let loads = 0;
  const repo = {
    breakdown: () => Promise.resolve([{ messages: ++loads } as BreakdownRow]),
    links: () => Promise.resolve([]),
  } as unknown as CampaignsRepository;
  const attribution = {
    conversions: () => Promise.resolve([]),
  } as unknown as AttributionRepository;
  const config = {
    ANALYTICS_CAMPAIGN_CACHE_SECONDS: ttlSeconds,
    ANALYTICS_ATTRIBUTION_WINDOW_DAYS: 7,
  } as AppConfig;
  return {
    cache: new CampaignAggregateCache(repo, attribution, config),
    loads: () => loads,
  };
}

describe('CampaignAggregateCache', () => {
  afterEach(() => jest.useRealTimers());

  it('reuses the aggregate within the TTL, then answers the kept one while reloading in the background', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['nextTick', 'setImmediate'] });
    const { cache, loads } = counting(10);
    const generation = async (campaign = 'c') =>
      (await cache.aggregate('w', campaign)).breakdown[0]!.messages;
    expect(await generation()).toBe(1);
    jest.setSystemTime(9_000);
    expect(await generation()).toBe(1);
    expect(loads()).toBe(1);
    jest.setSystemTime(11_000);
    expect(await generation()).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(loads()).toBe(2);
    expect(await generation()).toBe(2);
    expect(await generation('other')).toBe(3);
  });

  it('loads every time when turned off', async () => {
    const { cache, loads } = counting(0);
    await cache.aggregate('w', 'c');
    await cache.aggregate('w', 'c');
    expect(loads()).toBe(2);
  });
});
