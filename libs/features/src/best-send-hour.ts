/** Where a best hour came from: the contact's own opens, its segment's (recipient domain), or the workspace's. */
export type SendHourSource = 'contact' | 'segment' | 'workspace';

export interface BestSendHour {
  /** Hour of day (UTC) at whose start to send. */
  hourUtc: number;
  source: SendHourSource;
  /** Human opens the choice rests on (the contact's own when source is `contact`). */
  opens: number;
  /** Share of the smoothed open mass that falls in the chosen hour and its neighbours. */
  confidence: number;
}

export interface SendHourOptions {
  /** Opens a contact needs before its own histogram is trusted over its segment's. Default 3. */
  minContactOpens?: number;
  /** Opens a segment needs before it is trusted over the workspace. Default 30. */
  minSegmentOpens?: number;
  /** Weight, in opens, of the fallback histogram blended into the contact's. Default 2. */
  priorOpens?: number;
}

/**
 * The hour with most first human opens, read circularly (each hour counts with half weight for its neighbours),
 * with the contact's own histogram blended with its segment's, or the workspace's, when its history is thin.
 */
export function bestSendHour(contact: readonly number[], segment: readonly number[], workspace: readonly number[], options: SendHourOptions = {}): BestSendHour {
  const minContact = options.minContactOpens ?? 3;
  const minSegment = options.minSegmentOpens ?? 30;
  const priorOpens = options.priorOpens ?? 2;
  const own = sum(contact);
  const fallbackIsSegment = sum(segment) >= minSegment;
  const fallback = fallbackIsSegment ? segment : workspace;
  const fallbackTotal = sum(fallback);
  const blended = new Array<number>(24).fill(0);
  for (let h = 0; h < 24; h++) blended[h] = (contact[h] ?? 0) + (fallbackTotal > 0 ? (priorOpens * (fallback[h] ?? 0)) / fallbackTotal : 0);
  const mass = smooth(blended);
  let best = 0;
  for (let h = 1; h < 24; h++) if (mass[h]! > mass[best]!) best = h;
  const total = sum(mass);
  const source: SendHourSource = own >= minContact ? 'contact' : fallbackIsSegment ? 'segment' : 'workspace';
  return {
    hourUtc: best,
    source,
    opens: source === 'contact' ? own : fallbackTotal,
    confidence: total === 0 ? 0 : Math.round((mass[best]! / total) * 1000) / 1000,
  };
}

function smooth(h: readonly number[]): number[] {
  return h.map((v, i) => v + 0.5 * (h[(i + 23) % 24]! + h[(i + 1) % 24]!));
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
