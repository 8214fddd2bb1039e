import { bestSendHour, type ContactProfile, domainBucket } from '@mailpulse/features';
import type { ContactTruth } from '@mailpulse/simulator';
import type { SimulatedWorkspace } from './simulated-workspace';

/** The window the lift is measured over: first human opens within this many hours of the send. */
export const OPEN_WINDOW_HOURS = 6;
const IMMEDIATE_SHARE = 0.3;
const SAME_DAY_SHARE = 0.52;

export interface SendTimeParams {
  minContactOpens: number;
  minSegmentOpens: number;
  priorOpens: number;
}

export interface SendTimeEvaluation {
  contacts: number;
  bySource: Record<string, number>;
  /** Share of contacts whose recommended hour is within one hour of their hidden preferred hour. */
  withinOneHour: number;
  fixedHourWithinOneHour: number;
  /** Expected first human opens within OPEN_WINDOW_HOURS, per contact, at the recommended vs the fixed hour. */
  opensRecommended: number;
  opensFixed: number;
  lift: number;
  fixedHourUtc: number;
}

/**
 * Probability that a contact who opens does so within the window after a send at `sendHour` (UTC), under the
 * simulator's timing: 30 % open soon after delivery; the rest at their preferred hour on the first day they get to
 * the mail (52 % the same day) — so a send just before the preferred hour catches them that day.
 */
export function openWithinWindow(preferredHourUtc: number, sendHour: number): number {
  const ahead = (((preferredHourUtc - sendHour) % 24) + 24) % 24;
  const sameDayHit = ahead < OPEN_WINDOW_HOURS ? SAME_DAY_SHARE : 0;
  return IMMEDIATE_SHARE + (1 - IMMEDIATE_SHARE) * sameDayHit;
}

export function recommendHours(ws: SimulatedWorkspace, params: SendTimeParams): Map<string, ReturnType<typeof bestSendHour>> {
  const workspace = new Array<number>(24).fill(0);
  const segments = new Map<string, number[]>();
  for (const p of ws.profiles.values()) {
    const seg = domainBucket(p.recipientDomain);
    let s = segments.get(seg);
    if (!s) segments.set(seg, (s = new Array<number>(24).fill(0)));
    for (let h = 0; h < 24; h++) {
      workspace[h]! += p.openHours[h]!;
      s[h]! += p.openHours[h]!;
    }
  }
  const out = new Map<string, ReturnType<typeof bestSendHour>>();
  const empty = new Array<number>(24).fill(0);
  for (const c of ws.contacts) {
    const p: ContactProfile | undefined = ws.profiles.get(c.email.toLowerCase());
    const seg = segments.get(domainBucket(c.domain)) ?? empty;
    out.set(c.email, bestSendHour(p?.openHours ?? empty, seg, workspace, params));
  }
  return out;
}

export function evaluateSendTime(workspaces: readonly SimulatedWorkspace[], params: SendTimeParams): SendTimeEvaluation {
  let n = 0, within = 0, fixedWithin = 0, rec = 0, fixed = 0;
  const bySource: Record<string, number> = {};
  let fixedHour = 0;
  for (const ws of workspaces) {
    const picks = recommendHours(ws, params);
    fixedHour = ws.usualSendHour;
    for (const c of ws.contacts as ContactTruth[]) {
      const pick = picks.get(c.email)!;
      n++;
      bySource[pick.source] = (bySource[pick.source] ?? 0) + 1;
      const dist = (h: number) => Math.min(((h - c.preferredHourUtc) % 24 + 24) % 24, ((c.preferredHourUtc - h) % 24 + 24) % 24);
      within += +(dist(pick.hourUtc) <= 1);
      fixedWithin += +(dist(ws.usualSendHour) <= 1);
      // Weighted by the contact's open propensity: expected opens, not just hits.
      rec += c.propensity * openWithinWindow(c.preferredHourUtc, pick.hourUtc);
      fixed += c.propensity * openWithinWindow(c.preferredHourUtc, ws.usualSendHour);
    }
  }
  return {
    contacts: n,
    bySource,
    withinOneHour: within / n,
    fixedHourWithinOneHour: fixedWithin / n,
    opensRecommended: rec / n,
    opensFixed: fixed / n,
    lift: fixed === 0 ? 0 : rec / fixed - 1,
    fixedHourUtc: fixedHour,
  };
}
