import type { IngestEvent } from '@mailpulse/contracts';
import { isActive, type Anomaly } from '../anomalies/anomaly';
import { backgroundDraftsForHour } from '../background/background-events';
import type { Campaign } from '../campaigns/campaign';
import type { CampaignFactory } from '../campaigns/campaign-factory';
import { campaignLifecycleDrafts } from '../campaigns/campaign-lifecycle';
import type { ContactPopulation } from '../contacts/contact-population';
import {
  buildMessageEvent,
  messageIdFor,
} from '../messages/message-event.builder';
import { planMessage } from '../messages/message-plan';
import type { Label } from '../messages/message-step';
import { SeededRandom } from '../random/seeded-random';
import { HOUR_MS, type ResolvedSimulationConfig } from '../simulation-config';
import type { GroundTruthRecorder } from '../truth/ground-truth.recorder';
import { CursorHeap } from './cursor-heap';
import type { EventDraft } from './event-draft';
import { TimedQueue } from './timed-queue';

/** An event as the engine emits it, in time order, with its hidden label. */
export interface EmittedEvent {
  readonly event: IngestEvent;
  readonly atMs: number;
  readonly label: Label;
}

/** Campaigns are planned this far ahead of their start, so `campaign.created` can precede them. */
const PLANNING_LOOKAHEAD_MS = 48 * HOUR_MS;
const DROP_STREAM = 0xd209;
/** Cursor step meaning "not started": the message's first step is looked up when the cursor comes up. */
const FIRST_STEP = -1;

interface SendingCampaign {
  readonly campaign: Campaign;
  nextContact: number;
}

export interface EngineDependencies {
  readonly config: ResolvedSimulationConfig;
  readonly population: ContactPopulation;
  readonly factory: CampaignFactory;
  /** Campaigns in order of start; may be endless. */
  readonly campaigns: Iterator<Campaign>;
  readonly recorder: GroundTruthRecorder;
  /** Anomalies the infra and team events react to; campaigns carry their own snapshot. */
  readonly anomalies: () => readonly Anomaly[];
  /** Start of simulated time. */
  readonly startMs: number;
  /** Nothing at or after this time is emitted (+Infinity for a live run). */
  readonly horizonMs: number;
}

/**
 * Turns the simulated world into one chronological event stream, an hour at a time: at the start of
 * each hour it plans upcoming campaigns, queues the messages sent in that hour and the hour's
 * background events; then it emits whatever is due, earliest first. Messages are kept as compact
 * cursors and their lives re-derived when due (see CursorHeap).
 */
export class SimulationEngine {
  private readonly cursors = new CursorHeap();
  private readonly drafts = new TimedQueue<EventDraft>();
  private readonly campaignsByNumber: Campaign[] = [];
  private readonly waiting: Campaign[] = [];
  private readonly sending: SendingCampaign[] = [];
  private readonly dropRandom: SeededRandom;
  private readonly popped = { timeMs: 0, campaign: 0, contact: 0, step: 0 };
  private upcoming: Campaign | undefined;
  private sourceDone = false;
  private sliceEndMs: number;
  private counter = 0;

  constructor(private readonly deps: EngineDependencies) {
    this.sliceEndMs = Math.floor(deps.startMs / HOUR_MS) * HOUR_MS;
    this.dropRandom = SeededRandom.derive(deps.config.seed, DROP_STREAM);
  }

  /** The next event in time order, or undefined once the horizon is reached. */
  next(): EmittedEvent | undefined {
    for (;;) {
      const limit = Math.min(this.sliceEndMs, this.deps.horizonMs);
      const messageAt = this.cursors.peekTime();
      const draftAt = this.drafts.peekTime();
      if (draftAt <= messageAt && draftAt < limit) {
        const emitted = this.emitDraft();
        if (emitted !== undefined) return emitted;
      } else if (messageAt < limit) {
        const emitted = this.emitMessageStep();
        if (emitted !== undefined) return emitted;
      } else if (this.sliceEndMs >= this.deps.horizonMs) {
        return undefined;
      } else {
        this.openSlice();
      }
    }
  }

  private nextId(): string {
    return `${this.deps.config.idPrefix}-${++this.counter}`;
  }

  private openSlice(): void {
    const sliceStartMs = this.sliceEndMs;
    const sliceEndMs = (this.sliceEndMs += HOUR_MS);
    this.planCampaigns(sliceEndMs + PLANNING_LOOKAHEAD_MS);
    while (this.waiting.length > 0 && this.waiting[0].startMs < sliceEndMs) {
      const campaign = this.waiting.shift() as Campaign;
      this.sending.push({ campaign, nextContact: 0 });
    }
    this.queueSends(sliceEndMs);
    if (this.deps.config.background) {
      const anomalies = this.deps.anomalies();
      const drafts = backgroundDraftsForHour(sliceStartMs, {
        seed: this.deps.config.seed,
        anomalies,
        isSending: (atMs) =>
          this.campaignsByNumber.some(
            (c) => c.startMs <= atMs && atMs < c.sendEndMs,
          ),
      });
      for (const draft of drafts)
        if (draft.atMs >= this.deps.startMs) this.drafts.push(draft);
    }
  }

  private planCampaigns(untilMs: number): void {
    for (;;) {
      if (this.upcoming === undefined && !this.sourceDone) {
        const next = this.deps.campaigns.next();
        if (next.done === true) this.sourceDone = true;
        else this.upcoming = next.value;
      }
      const campaign = this.upcoming;
      if (campaign === undefined || campaign.startMs >= untilMs) return;
      this.upcoming = undefined;
      if (campaign.startMs >= this.deps.horizonMs) {
        this.sourceDone = true;
        return;
      }
      this.campaignsByNumber[campaign.number] = campaign;
      this.deps.recorder.registerCampaign(campaign);
      this.waiting.push(campaign);
      for (const draft of campaignLifecycleDrafts(campaign))
        this.drafts.push(draft);
    }
  }

  /** Queues a cursor for every message whose send time falls before the end of the slice. */
  private queueSends(sliceEndMs: number): void {
    const { population, factory, horizonMs } = this.deps;
    for (let s = this.sending.length - 1; s >= 0; s--) {
      const sending = this.sending[s];
      const { campaign } = sending;
      let i = sending.nextContact;
      for (; i < population.size; i++) {
        const sendMs = sendTimeOf(campaign, i, population.size);
        if (sendMs >= sliceEndMs) break;
        if (sendMs < horizonMs && factory.inAudience(campaign, i))
          this.cursors.push(sendMs, campaign.number, i, FIRST_STEP);
      }
      sending.nextContact = i;
      if (i >= population.size) this.sending.splice(s, 1);
    }
  }

  private emitDraft(): EmittedEvent | undefined {
    const draft = this.drafts.pop() as EventDraft;
    for (const anomaly of this.deps.anomalies()) {
      if (
        anomaly.kind === 'volume-drop' &&
        isActive(anomaly, draft.atMs) &&
        this.dropRandom.chance(anomaly.intensity)
      )
        return undefined;
    }
    const event = {
      id: this.nextId(),
      type: draft.type,
      occurredAt: new Date(draft.atMs).toISOString(),
      ...(draft.campaignId === undefined
        ? {}
        : { campaignId: draft.campaignId }),
      properties: draft.properties,
    } as IngestEvent;
    this.deps.recorder.recordEvent(draft.type, draft.label);
    return { event, atMs: draft.atMs, label: draft.label };
  }

  private emitMessageStep(): EmittedEvent | undefined {
    const cursor = this.popped;
    this.cursors.pop(cursor);
    const campaign = this.campaignsByNumber[cursor.campaign];
    const contact = this.deps.population.get(cursor.contact);
    const variant = this.deps.factory.variantFor(campaign, contact.index);
    const plan = planMessage({
      seed: this.deps.config.seed,
      campaign,
      variant,
      contact,
      sendMs: sendTimeOf(campaign, contact.index, this.deps.population.size),
    });
    let index = cursor.step;
    if (index === FIRST_STEP) {
      if (plan.steps.length === 0) return undefined;
      index = 0;
      // The send itself was lost to a volume drop: wait for the first step that was not.
      if (plan.steps[0].atMs > cursor.timeMs) {
        this.cursors.push(
          plan.steps[0].atMs,
          cursor.campaign,
          cursor.contact,
          0,
        );
        return undefined;
      }
    }
    const step = plan.steps[index];
    const following = plan.steps[index + 1];
    if (following !== undefined && following.atMs < this.deps.horizonMs) {
      this.cursors.push(
        following.atMs,
        cursor.campaign,
        cursor.contact,
        index + 1,
      );
    }
    const event = buildMessageEvent(
      this.nextId(),
      step,
      campaign,
      variant,
      contact,
      messageIdFor(campaign, contact),
    );
    this.deps.recorder.recordEvent(step.type, step.label);
    this.deps.recorder.recordMessageStep(
      campaign.number,
      variant.id,
      step,
      plan.humanOpenProbability,
    );
    return { event, atMs: step.atMs, label: step.label };
  }
}

/** Messages go out in contact order across the send window; a pure function, so cursors need not store it. */
function sendTimeOf(
  campaign: Campaign,
  contactIndex: number,
  contacts: number,
): number {
  return (
    campaign.startMs +
    ((contactIndex + 0.5) / contacts) * (campaign.sendEndMs - campaign.startMs)
  );
}
