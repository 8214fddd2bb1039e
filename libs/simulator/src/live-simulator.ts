import type { IngestEvent } from '@mailpulse/contracts';
import type { Campaign } from './campaigns/campaign';
import { campaignStarts } from './campaigns/campaign-schedule';
import { DisorderBuffer } from './delivery/disorder-buffer';
import {
  SimulationEngine,
  type EmittedEvent,
} from './engine/simulation-engine';
import { SeededRandom } from './random/seeded-random';
import type { SimulatedEvent } from './simulate';
import {
  resolveSimulationConfig,
  type ResolvedSimulationConfig,
  type SimulationConfig,
} from './simulation-config';
import type { GroundTruth } from './truth/ground-truth';
import { GroundTruthRecorder } from './truth/ground-truth.recorder';
import { createWorld, type World } from './world-setup';

const DISORDER_STREAM = 0x11fe;

export type LiveSimulatorConfig = Omit<SimulationConfig, 'days' | 'end'>;

/** A smaller list with campaigns every 90 simulated minutes to segments, so several are always sending. */
export const LIVE_DEFAULTS: Partial<SimulationConfig> = {
  contacts: 20_000,
  campaignsPerWeek: 112,
  audienceShare: [0.1, 0.35],
  sendDurationHours: [2, 5],
  duplicateRate: 0.002,
  outOfOrderRate: 0.01,
  outOfOrderWindow: 200,
};

export interface LiveSimulator {
  /**
   * About `count` events (duplicates add a few, late ones move to a later batch) whose `occurredAt`
   * lies between the previous call's `batchAt` and this one's. Simulated time runs as fast as needed
   * to produce `count` events, so the campaign world is compressed in time, order preserved.
   */
  next(batchAt: Date, count: number): IngestEvent[];
  /** The same, with each event's hidden label. */
  nextWithTruth(batchAt: Date, count: number): SimulatedEvent[];
  /** Tallies so far. Campaign times in it are simulated time, not wall-clock time. */
  groundTruth(): GroundTruth;
}

interface LiveState {
  readonly config: ResolvedSimulationConfig;
  readonly engine: SimulationEngine;
  readonly recorder: GroundTruthRecorder;
  readonly buffer: DisorderBuffer<EmittedEvent>;
  lastWallMs: number;
  lastSimMs: number;
}

/**
 * Events for a live demo, produced slice by slice: the caller decides when and how many, this only
 * makes them. Ids are `<idPrefix>-<n>`; without an idPrefix the first batch time is part of it, so a
 * restarted demo never collides with what an earlier one stored.
 */
export function createLiveSimulator(
  options: LiveSimulatorConfig = {},
): LiveSimulator {
  // Validate at once, so a bad option fails where it was given rather than at the first batch.
  resolveSimulationConfig(options, LIVE_DEFAULTS);
  let state: LiveState | undefined;

  const start = (batchAt: Date): LiveState => {
    const startMs = batchAt.getTime();
    const seed = options.seed ?? 1;
    const config = resolveSimulationConfig(
      {
        ...options,
        idPrefix: options.idPrefix ?? `live-${seed}-${startMs.toString(36)}`,
        end: batchAt,
        days: 1,
      },
      LIVE_DEFAULTS,
    );
    const world = createWorld(config, startMs);
    const anomalies = config.anomalies;
    const recorder = new GroundTruthRecorder(
      config,
      anomalies,
      startMs,
      startMs,
    );
    const engine = new SimulationEngine({
      config,
      population: world.population,
      factory: world.factory,
      campaigns: liveCampaigns(config, world, startMs),
      recorder,
      anomalies: () => anomalies,
      startMs,
      horizonMs: Number.POSITIVE_INFINITY,
    });
    const buffer = new DisorderBuffer<EmittedEvent>(
      SeededRandom.derive(config.seed, DISORDER_STREAM),
      {
        duplicateRate: config.duplicateRate,
        outOfOrderRate: config.outOfOrderRate,
        window: config.outOfOrderWindow,
      },
    );
    return {
      config,
      engine,
      recorder,
      buffer,
      lastWallMs: startMs - 1000,
      lastSimMs: startMs,
    };
  };

  const nextWithTruth = (batchAt: Date, count: number): SimulatedEvent[] => {
    if (!Number.isFinite(batchAt.getTime()))
      throw new RangeError('batchAt must be a valid date');
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(
        `count must be a non-negative integer, got ${count}`,
      );
    state ??= start(batchAt);
    const s = state;
    const wallMs = Math.max(batchAt.getTime(), s.lastWallMs);
    const pulled: EmittedEvent[] = [];
    for (let i = 0; i < count; i++) {
      const emitted = s.engine.next();
      if (emitted === undefined) break;
      pulled.push(emitted);
    }
    const simEndMs =
      pulled.length === 0 ? s.lastSimMs : pulled[pulled.length - 1].atMs;
    const simSpan = simEndMs - s.lastSimMs;
    const out: SimulatedEvent[] = [];
    for (const emitted of pulled) {
      const fraction =
        simSpan <= 0 ? 1 : (emitted.atMs - s.lastSimMs) / simSpan;
      const mapped = Math.round(
        s.lastWallMs +
          Math.min(1, Math.max(0, fraction)) * (wallMs - s.lastWallMs),
      );
      (emitted.event as { occurredAt: string }).occurredAt = new Date(
        mapped,
      ).toISOString();
      s.buffer.push(emitted);
      for (
        let released = s.buffer.take();
        released !== undefined;
        released = s.buffer.take()
      ) {
        if (released.duplicate) s.recorder.noteDuplicate();
        if (released.late) s.recorder.noteOutOfOrder();
        out.push({
          event: released.item.event,
          truth: {
            label: released.item.label,
            duplicate: released.duplicate,
            late: released.late,
          },
        });
      }
    }
    s.lastWallMs = wallMs;
    s.lastSimMs = simEndMs;
    s.recorder.extendWindow(wallMs);
    return out;
  };

  return {
    next: (batchAt, count) => nextWithTruth(batchAt, count).map((e) => e.event),
    nextWithTruth,
    groundTruth: () => {
      if (state === undefined)
        throw new Error('No events have been produced yet');
      return state.recorder.summary();
    },
  };
}

function* liveCampaigns(
  config: ResolvedSimulationConfig,
  world: World,
  startMs: number,
): Generator<Campaign> {
  let number = 0;
  for (const start of campaignStarts({
    seed: config.seed,
    startMs,
    campaignsPerWeek: config.campaignsPerWeek,
    initialBurst: 3,
  })) {
    yield world.factory.create(number++, start, config.anomalies);
  }
}
