import type { Anomaly } from '../anomalies/anomaly';
import { SeededRandom } from '../random/seeded-random';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../simulation-config';

const SCHEDULE_STREAM = 0x5c4e;
/** Hours (UTC) marketers like to send at: early morning, mid-morning, lunch, after work in Europe. */
const SEND_SLOTS_UTC = [6, 8, 12, 16];

export interface ScheduleOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly campaignsPerWeek: number;
  /** Campaigns started in the first minutes, so a live demo has traffic at once. */
  readonly initialBurst: number;
}

/**
 * Campaign start times as an endless, chronological stream: Poisson-like gaps around the configured
 * rate, snapped to customary send slots when campaigns are a day or more apart.
 */
export function* campaignStarts(options: ScheduleOptions): Generator<number> {
  const random = SeededRandom.derive(options.seed, SCHEDULE_STREAM);
  const meanGapMs = (7 * DAY_MS) / options.campaignsPerWeek;
  for (let i = 0; i < options.initialBurst; i++) {
    yield options.startMs + (i * 7 + random.between(0, 5)) * MINUTE_MS;
  }
  let t =
    options.startMs +
    random.between(0.05, 0.4) * Math.min(meanGapMs, 2 * DAY_MS);
  for (;;) {
    yield meanGapMs >= DAY_MS ? snapToSendSlot(t, random) : t;
    t += Math.max(0.25 * meanGapMs, random.exponential(meanGapMs));
  }
}

function snapToSendSlot(ms: number, random: SeededRandom): number {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  for (let day = 0; day < 2; day++) {
    for (const hour of SEND_SLOTS_UTC) {
      const slot = dayStart + day * DAY_MS + hour * HOUR_MS;
      if (slot >= ms) return slot + random.between(0, 15) * MINUTE_MS;
    }
  }
  return ms;
}

/**
 * Makes sure every anomaly has mail flowing through it: a bounce spike with nothing sent is invisible.
 * A start covers an anomaly when it is still sending at the anomaly's start (judged by the shortest
 * configured send duration). Otherwise the nearest start within two days is moved there, so the
 * number of campaigns stays as configured; failing that, one is added.
 */
export function startsCoveringAnomalies(
  starts: readonly number[],
  anomalies: readonly Anomaly[],
  minSendDurationMs: number,
): number[] {
  const all = [...starts];
  const moved = new Set<number>();
  for (const anomaly of [...anomalies].sort((a, b) => a.startMs - b.startMs)) {
    if (
      all.some(
        (s) => s <= anomaly.startMs && s + minSendDurationMs > anomaly.startMs,
      )
    )
      continue;
    const target =
      anomaly.kind === 'volume-drop'
        ? anomaly.startMs - 30 * MINUTE_MS
        : anomaly.startMs + 5 * MINUTE_MS;
    let nearest = -1;
    for (let i = 0; i < all.length; i++) {
      const distance = Math.abs(all[i] - target);
      if (
        !moved.has(i) &&
        distance < 2 * DAY_MS &&
        (nearest === -1 || distance < Math.abs(all[nearest] - target))
      )
        nearest = i;
    }
    if (nearest === -1) {
      moved.add(all.push(target) - 1);
    } else {
      all[nearest] = target;
      moved.add(nearest);
    }
  }
  return all.sort((a, b) => a - b);
}
