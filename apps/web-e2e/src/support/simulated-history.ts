import { defaultAnomalies, simulate } from '@mailpulse/simulator';

const BATCH = 5000;

/**
 * Sends a seeded simulation of `days` of campaign traffic (A/B tests, human and machine opens, bounces,
 * complaints, conversions, infrastructure reports, anomalies) to a workspace, so every page has real figures to
 * show. Returns how many events were sent.
 */
export async function sendSimulatedHistory(baseUrl: string, ingestKey: string, options: { days: number; contacts: number; seed: number }): Promise<number> {
  const end = new Date();
  const run = simulate({ seed: options.seed, days: options.days, end, contacts: options.contacts, campaignsPerWeek: 3, anomalies: defaultAnomalies(end, options.days) });
  let batch: unknown[] = [];
  let sent = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    if (res.status !== 202) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
    sent += batch.length;
    batch = [];
  };
  for (const { event } of run) {
    batch.push(event);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return sent;
}
