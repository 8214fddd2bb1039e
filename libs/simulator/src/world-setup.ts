import type { Anomaly } from './anomalies/anomaly';
import { CampaignFactory } from './campaigns/campaign-factory';
import { ContactPopulation } from './contacts/contact-population';
import { DAY_MS, type ResolvedSimulationConfig } from './simulation-config';

/** The pieces of a simulated workspace that backfill and live runs share. */
export interface World {
  readonly population: ContactPopulation;
  readonly factory: CampaignFactory;
}

export function createWorld(
  config: ResolvedSimulationConfig,
  startMs: number,
): World {
  const meanGapMs = (7 * DAY_MS) / config.campaignsPerWeek;
  return {
    population: new ContactPopulation(config.seed, config.contacts),
    factory: new CampaignFactory({
      seed: config.seed,
      idPrefix: config.idPrefix,
      contacts: config.contacts,
      audienceShare: config.audienceShare,
      sendDurationHours: config.sendDurationHours,
      earliestMs: startMs,
      typicalLeadMs: Math.min(meanGapMs, 1.5 * DAY_MS),
    }),
  };
}

export function anomaliesIn(
  anomalies: readonly Anomaly[],
  startMs: number,
  endMs: number,
): Anomaly[] {
  return anomalies.filter((a) => a.endMs > startMs && a.startMs < endMs);
}
