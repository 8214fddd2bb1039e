import type { IngestEvent } from '@mailpulse/contracts';
import { simulate, type SimulatedEvent, type SimulationRun } from '../simulate';
import type { SimulationConfig } from '../simulation-config';
import type { ContactTruth, GroundTruth } from '../truth/ground-truth';

/** A whole simulation held in memory, for tests: events in emitted order, the truth, contacts by email. */
export interface CollectedRun {
  readonly run: SimulationRun;
  readonly items: SimulatedEvent[];
  readonly truth: GroundTruth;
  readonly contactsByEmail: Map<string, ContactTruth>;
}

export const TEST_END = new Date('2026-03-02T00:00:00Z');

export function collectRun(config: SimulationConfig): CollectedRun {
  const run = simulate({ end: TEST_END, ...config });
  const items = [...run];
  const contactsByEmail = new Map<string, ContactTruth>();
  for (const contact of run.contacts())
    contactsByEmail.set(contact.email, contact);
  return { run, items, truth: run.groundTruth(), contactsByEmail };
}

/** Each distinct event once (the first copy), with its label. */
export function distinctItems(
  items: readonly SimulatedEvent[],
): SimulatedEvent[] {
  return items.filter((item) => !item.truth.duplicate);
}

export function timeOf(event: IngestEvent): number {
  return Date.parse(event.occurredAt);
}

export function domainOf(event: IngestEvent): string {
  const email = event.contact?.email ?? '';
  return email.slice(email.indexOf('@') + 1);
}

export function propertiesOf(event: IngestEvent): Record<string, unknown> {
  return (event.properties ?? {}) as Record<string, unknown>;
}

/** Groups message events by messageId, in time order. */
export function byMessage(
  items: readonly SimulatedEvent[],
): Map<string, SimulatedEvent[]> {
  const messages = new Map<string, SimulatedEvent[]>();
  for (const item of items) {
    const id = item.event.messageId;
    if (id === undefined) continue;
    let list = messages.get(id);
    if (list === undefined) messages.set(id, (list = []));
    list.push(item);
  }
  for (const list of messages.values())
    list.sort((a, b) => timeOf(a.event) - timeOf(b.event));
  return messages;
}

/** |observed − expected| within `sigmas` Poisson standard deviations (plus a little slack for tiny counts). */
export function withinPoisson(
  observed: number,
  expected: number,
  sigmas = 4,
): boolean {
  return (
    Math.abs(observed - expected) <=
    sigmas * Math.sqrt(Math.max(expected, 1)) + 2
  );
}
