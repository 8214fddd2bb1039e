import type { IngestEvent } from '@mailpulse/contracts';
import {
  campaignStarts,
  startsCoveringAnomalies,
} from './campaigns/campaign-schedule';
import type { Contact } from './contacts/contact';
import { DisorderBuffer } from './delivery/disorder-buffer';
import {
  SimulationEngine,
  type EmittedEvent,
} from './engine/simulation-engine';
import type { Label } from './messages/message-step';
import { SeededRandom } from './random/seeded-random';
import {
  HOUR_MS,
  resolveSimulationConfig,
  type ResolvedSimulationConfig,
  type SimulationConfig,
} from './simulation-config';
import type { ContactTruth, GroundTruth } from './truth/ground-truth';
import {
  contactTruth,
  GroundTruthRecorder,
} from './truth/ground-truth.recorder';
import { anomaliesIn, createWorld } from './world-setup';

const DISORDER_STREAM = 0xd150;

/** One emitted event and what the simulator knows about it that the event does not say. */
export interface SimulatedEvent {
  readonly event: IngestEvent;
  readonly truth: {
    readonly label: Label;
    /** A second copy of an event already emitted (same id); the truth counts it once. */
    readonly duplicate: boolean;
    /** Emitted after events that happened later than it. */
    readonly late: boolean;
  };
}

export interface SimulationRun extends Iterable<SimulatedEvent> {
  readonly config: ResolvedSimulationConfig;
  /** Tallies of what has been emitted so far; complete once iteration has finished. */
  groundTruth(): GroundTruth;
  /** Each contact's hidden traits (propensity, preferred hour, client…), derived lazily. */
  contacts(): Iterable<ContactTruth>;
  /** The full simulated contact, for callers that need more than the truth summary. */
  contact(index: number): Contact;
}

/**
 * A backfill: `days` of history ending at `end`, as a lazy, single-pass stream in roughly
 * chronological order (late and duplicated events as configured).
 *
 * ```ts
 * const run = simulate({ seed: 7, days: 30, contacts: 50_000 });
 * for (const { event, truth } of run) send(event, truth.label);
 * const truth = run.groundTruth();
 * ```
 */
export function simulate(options: SimulationConfig = {}): SimulationRun {
  const config = resolveSimulationConfig(options);
  const startMs = config.startMs;
  const endMs = config.endMs;
  const anomalies = anomaliesIn(config.anomalies, startMs, endMs);
  const world = createWorld(config, startMs);
  const recorder = new GroundTruthRecorder(config, anomalies, startMs, endMs);

  const starts: number[] = [];
  for (const start of campaignStarts({
    seed: config.seed,
    startMs,
    campaignsPerWeek: config.campaignsPerWeek,
    initialBurst: 0,
  })) {
    if (start >= endMs) break;
    starts.push(start);
  }
  const allStarts = startsCoveringAnomalies(
    starts,
    anomalies,
    config.sendDurationHours[0] * HOUR_MS,
  ).filter((s) => s < endMs);
  const campaigns = allStarts.map((start, number) =>
    world.factory.create(number, start, anomalies),
  );

  const engine = new SimulationEngine({
    config,
    population: world.population,
    factory: world.factory,
    campaigns: campaigns[Symbol.iterator](),
    recorder,
    anomalies: () => anomalies,
    startMs,
    horizonMs: endMs,
  });
  let started = false;

  return {
    config,
    groundTruth: () => recorder.summary(),
    *contacts() {
      for (const contact of world.population.all()) yield contactTruth(contact);
    },
    contact: (index) => world.population.get(index),
    *[Symbol.iterator]() {
      if (started)
        throw new Error(
          'A simulation run can be iterated only once; call simulate() again for a second pass',
        );
      started = true;
      const buffer = new DisorderBuffer<EmittedEvent>(
        SeededRandom.derive(config.seed, DISORDER_STREAM),
        {
          duplicateRate: config.duplicateRate,
          outOfOrderRate: config.outOfOrderRate,
          window: config.outOfOrderWindow,
        },
      );
      for (
        let emitted = engine.next();
        emitted !== undefined;
        emitted = engine.next()
      ) {
        buffer.push(emitted);
        for (
          let released = buffer.take();
          released !== undefined;
          released = buffer.take()
        ) {
          yield toSimulated(
            released.item,
            released.duplicate,
            released.late,
            recorder,
          );
        }
      }
      for (const released of buffer.flush())
        yield toSimulated(
          released.item,
          released.duplicate,
          released.late,
          recorder,
        );
    },
  };
}

function toSimulated(
  item: EmittedEvent,
  duplicate: boolean,
  late: boolean,
  recorder: GroundTruthRecorder,
): SimulatedEvent {
  if (duplicate) recorder.noteDuplicate();
  if (late) recorder.noteOutOfOrder();
  return { event: item.event, truth: { label: item.label, duplicate, late } };
}
