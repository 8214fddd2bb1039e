import { isActive, type Anomaly, type AnomalyKind } from '../anomalies/anomaly';
import type { Campaign, CampaignVariant } from '../campaigns/campaign';
import type { Contact } from '../contacts/contact';
import { SeededRandom } from '../random/seeded-random';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../simulation-config';
import { ipAddresses } from '../world/ip-ranges';
import {
  APPLE_MPP_PROXY_USER_AGENT,
  GOOGLE_IMAGE_PROXY_USER_AGENT,
  SCANNER_USER_AGENTS,
  YAHOO_MAIL_PROXY_USER_AGENT,
} from '../world/user-agents';
import {
  UNSUBSCRIBE_LINK,
  type MessagePlan,
  type MessageStep,
} from './message-step';

const MESSAGE_STREAM = 0x3e55;
const SECOND_MS = 1000;
/** Chance that a first open happens soon after delivery rather than at the reader's usual hour. */
const IMMEDIATE_OPEN_SHARE = 0.3;
/** Day on which a deferred reader gets to the message: 0 = the day of delivery. */
const OPEN_DAY_WEIGHTS = [0.52, 0.26, 0.11, 0.06, 0.03, 0.02];

export interface MessageContext {
  readonly seed: number;
  readonly campaign: Campaign;
  readonly variant: CampaignVariant;
  readonly contact: Contact;
  readonly sendMs: number;
}

/**
 * The whole life of one message, derived from (seed, campaign, contact) alone, so it can be re-derived
 * whenever the engine needs its next step: send, delivery or bounce, machine traffic at delivery (MPP
 * pre-fetch, link scanners), the reader's opens and clicks, an order, complaint, unsubscribe or reply.
 */
export function planMessage(context: MessageContext): MessagePlan {
  const { seed, campaign, variant, contact, sendMs } = context;
  const random = SeededRandom.derive(
    seed,
    MESSAGE_STREAM,
    campaign.number,
    contact.index,
  );
  const anomalies = campaign.anomalies;
  const steps: MessageStep[] = [
    { atMs: sendMs, type: 'email.sent', label: 'human' },
  ];
  let humanOpenProbability = 0;

  const attemptMs = deferDuringOutage(steps, anomalies, sendMs, random);
  const deliveredMs = decideDelivery(steps, context, attemptMs, random);
  if (deliveredMs !== undefined) {
    const domain = contact.domain.name;
    const dkimBreak = activeAnomaly(
      anomalies,
      'dkim-break',
      deliveredMs,
      domain,
    );
    const inSpam = random.chance(
      dkimBreak === undefined ? contact.domain.spamRate : dkimBreak.intensity,
    );

    if (contact.client === 'apple-mail-mpp' && !inSpam)
      addMppPrefetch(steps, deliveredMs, random);
    if (contact.domain.gateway !== undefined && random.chance(0.92))
      addLinkScan(steps, campaign, contact, deliveredMs, random);

    humanOpenProbability = Math.min(
      0.97,
      contact.propensity * variant.openAppeal * (inSpam ? 0.04 : 1),
    );
    const opened = random.chance(humanOpenProbability);
    const firstOpenMs = opened
      ? addHumanOpens(steps, contact, deliveredMs, random)
      : undefined;
    if (firstOpenMs !== undefined) {
      addClicksAndOrder(steps, context, firstOpenMs, random);
      if (random.chance(0.002 + 0.006 * contact.propensity)) {
        steps.push({
          atMs: firstOpenMs + random.logNormal(10 * MINUTE_MS, 1),
          type: 'email.replied',
          label: 'human',
        });
      }
    }
    if (!inSpam)
      addComplaintOrUnsubscribe(
        steps,
        context,
        deliveredMs,
        firstOpenMs,
        random,
      );
  }

  steps.sort((a, b) => a.atMs - b.atMs);
  const kept = dropLostSteps(steps, anomalies, random);
  markFirsts(kept);
  return { steps: kept, humanOpenProbability };
}

export function activeAnomaly(
  anomalies: readonly Anomaly[],
  kind: AnomalyKind,
  atMs: number,
  domain?: string,
): Anomaly | undefined {
  for (const anomaly of anomalies) {
    if (
      anomaly.kind === kind &&
      isActive(anomaly, atMs) &&
      (anomaly.domain === undefined ||
        domain === undefined ||
        anomaly.domain === domain)
    ) {
      return anomaly;
    }
  }
  return undefined;
}

/**
 * During an SMTP outage every attempt fails and the relay backs off (10, 20, 40… minutes); the first
 * retry after the outage goes through.
 */
function deferDuringOutage(
  steps: MessageStep[],
  anomalies: readonly Anomaly[],
  sendMs: number,
  random: SeededRandom,
): number {
  const outage = activeAnomaly(anomalies, 'smtp-outage', sendMs);
  if (outage === undefined) return sendMs;
  let t = sendMs + random.between(20, 40) * SECOND_MS;
  for (let attempt = 1; t < outage.endMs; attempt++) {
    steps.push({
      atMs: t,
      type: 'email.deferred',
      label: 'human',
      reason: '421 4.4.2 Connection timed out',
      attempt,
    });
    t +=
      Math.min(60, 10 * 2 ** (attempt - 1)) *
      MINUTE_MS *
      random.between(0.9, 1.1);
  }
  return t;
}

/** Adds the delivery or bounce; returns when the message was delivered, or undefined when it never was. */
function decideDelivery(
  steps: MessageStep[],
  context: MessageContext,
  attemptMs: number,
  random: SeededRandom,
): number | undefined {
  const { campaign, contact } = context;
  const rates = contact.domain.bounceRates;
  const spike = activeAnomaly(
    campaign.anomalies,
    'bounce-spike',
    attemptMs,
    contact.domain.name,
  );
  const extra = spike === undefined ? 0 : spike.intensity;
  const hard = rates.hard;
  const block = hard + rates.block + extra * 0.7;
  const soft = block + rates.soft + extra * 0.3;
  const draw = random.next();
  const bouncedMs = attemptMs + random.between(1, 8) * SECOND_MS;
  if (draw < hard) {
    steps.push({
      atMs: bouncedMs,
      type: 'email.bounced',
      label: 'human',
      bounceClass: 'hard',
      smtpCode: '550',
      reason: '5.1.1 The email account that you tried to reach does not exist',
    });
    return undefined;
  }
  if (draw < block) {
    const reason =
      spike === undefined
        ? '5.7.1 Message rejected due to local policy'
        : '5.7.1 Message temporarily deferred due to unexpected volume or user complaints';
    steps.push({
      atMs: bouncedMs,
      type: 'email.bounced',
      label: 'human',
      bounceClass: 'block',
      smtpCode: '554',
      reason,
    });
    return undefined;
  }
  if (draw < soft) {
    steps.push({
      atMs: bouncedMs,
      type: 'email.bounced',
      label: 'human',
      bounceClass: 'soft',
      smtpCode: '452',
      reason: '4.2.2 Mailbox full or over quota',
    });
    // Most soft bounces clear on a later retry.
    if (!random.chance(0.6)) return undefined;
    const deliveredMs = bouncedMs + random.between(15, 240) * MINUTE_MS;
    steps.push({ atMs: deliveredMs, type: 'email.delivered', label: 'human' });
    return deliveredMs;
  }
  const deliveredMs = attemptMs + random.logNormal(4 * SECOND_MS, 0.8) + 200;
  steps.push({ atMs: deliveredMs, type: 'email.delivered', label: 'human' });
  return deliveredMs;
}

/** Apple fetches every image of a message that reaches an MPP inbox, through its proxy, within moments. */
function addMppPrefetch(
  steps: MessageStep[],
  deliveredMs: number,
  random: SeededRandom,
): void {
  steps.push({
    atMs: deliveredMs + random.between(0.5, 90) * SECOND_MS,
    type: 'email.opened',
    label: 'machine',
    userAgent: APPLE_MPP_PROXY_USER_AGENT,
    ip: ipAddresses.appleProxy(random),
    method: 'GET',
  });
}

/** A security gateway fetches every link, the unsubscribe link included, seconds after delivery, from its data centre. */
function addLinkScan(
  steps: MessageStep[],
  campaign: Campaign,
  contact: Contact,
  deliveredMs: number,
  random: SeededRandom,
): void {
  const gateway = contact.domain.gateway;
  if (gateway === undefined) return;
  const ip = ipAddresses.gateway(gateway, random);
  const userAgent = random.pick(SCANNER_USER_AGENTS[gateway]);
  const headShare = gateway === 'barracuda' ? 0.6 : 0.25;
  let t = deliveredMs + random.between(1, 25) * SECOND_MS;
  if (random.chance(0.4))
    steps.push({
      atMs: t,
      type: 'email.opened',
      label: 'machine',
      userAgent,
      ip,
      method: 'GET',
    });
  for (let linkIndex = 0; linkIndex <= campaign.links.length; linkIndex++) {
    t += random.between(0.05, 1.5) * SECOND_MS;
    steps.push({
      atMs: t,
      type: 'email.clicked',
      label: 'machine',
      userAgent,
      ip,
      method: random.chance(headShare) ? 'HEAD' : 'GET',
      linkIndex:
        linkIndex === campaign.links.length ? UNSUBSCRIBE_LINK : linkIndex,
    });
  }
}

/** Adds the reader's opens and returns the first one's time. */
function addHumanOpens(
  steps: MessageStep[],
  contact: Contact,
  deliveredMs: number,
  random: SeededRandom,
): number {
  const firstMs = firstOpenTime(contact, deliveredMs, random);
  const reopens = random.chance(0.35) ? 1 + (random.chance(0.3) ? 1 : 0) : 0;
  let t = firstMs;
  for (let i = 0; i <= reopens; i++) {
    if (i > 0) t += 2 * MINUTE_MS + random.exponential(6 * HOUR_MS);
    // Google's proxy caches the image after the first fetch, so re-opens are mostly invisible.
    if (i > 0 && contact.client === 'gmail' && !random.chance(0.25)) continue;
    steps.push({
      atMs: t,
      type: 'email.opened',
      label: 'human',
      method: 'GET',
      ...openRequester(contact, random),
    });
  }
  return firstMs;
}

/** Either soon after delivery, or at the reader's usual hour on the day they get to it. */
function firstOpenTime(
  contact: Contact,
  deliveredMs: number,
  random: SeededRandom,
): number {
  if (random.chance(IMMEDIATE_OPEN_SHARE))
    return deliveredMs + 20 * SECOND_MS + random.exponential(45 * MINUTE_MS);
  const hourUtc =
    contact.preferredHourLocal +
    random.next() -
    contact.timeZone.offsetMinutes / 60;
  let t =
    Math.floor(deliveredMs / DAY_MS) * DAY_MS +
    hourUtc * HOUR_MS +
    random.normal() * 35 * MINUTE_MS;
  // The next occurrence of that hour after delivery, then as many days later as the reader takes.
  while (t < deliveredMs + MINUTE_MS) t += DAY_MS;
  while (t - DAY_MS >= deliveredMs + MINUTE_MS) t -= DAY_MS;
  return t + random.weightedIndex(OPEN_DAY_WEIGHTS) * DAY_MS;
}

function openRequester(
  contact: Contact,
  random: SeededRandom,
): { userAgent: string; ip: string } {
  switch (contact.client) {
    case 'apple-mail-mpp':
      // Apple proxies the reader's own opens too: indistinguishable from the pre-fetch but for timing.
      return {
        userAgent: APPLE_MPP_PROXY_USER_AGENT,
        ip: ipAddresses.appleProxy(random),
      };
    case 'gmail':
      return {
        userAgent: GOOGLE_IMAGE_PROXY_USER_AGENT,
        ip: ipAddresses.googleProxy(random),
      };
    case 'other':
      if (contact.domain.name === 'yahoo.com')
        return {
          userAgent: YAHOO_MAIL_PROXY_USER_AGENT,
          ip: ipAddresses.yahooProxy(random),
        };
      return {
        userAgent: contact.deviceOpenUserAgent ?? contact.browserUserAgent,
        ip: contact.ip,
      };
    case 'apple-mail':
    case 'outlook':
      return {
        userAgent: contact.deviceOpenUserAgent ?? contact.browserUserAgent,
        ip: contact.ip,
      };
  }
}

function addClicksAndOrder(
  steps: MessageStep[],
  context: MessageContext,
  firstOpenMs: number,
  random: SeededRandom,
): void {
  const { campaign, variant, contact } = context;
  const clickProbability = Math.min(
    0.9,
    0.11 *
      contact.clickAffinity *
      variant.clickAppeal *
      (0.6 + contact.propensity),
  );
  if (!random.chance(clickProbability)) return;
  const clicks =
    1 + (random.chance(0.25) ? 1 : 0) + (random.chance(0.08) ? 1 : 0);
  const weights = campaign.links.map((l) => l.popularity);
  let t = firstOpenMs + random.logNormal(25 * SECOND_MS, 0.8);
  for (let i = 0; i < clicks; i++) {
    if (i > 0) t += random.between(20, 300) * SECOND_MS;
    const linkIndex = random.weightedIndex(weights);
    steps.push({
      atMs: t,
      type: 'email.clicked',
      label: 'human',
      userAgent: contact.browserUserAgent,
      ip: contact.ip,
      method: 'GET',
      linkIndex,
    });
  }
  if (random.chance(campaign.conversionRate * (0.5 + contact.propensity))) {
    const amount =
      Math.round(random.logNormal(campaign.medianOrderValue, 0.55) * 100) / 100;
    steps.push({
      atMs: t + random.logNormal(12 * MINUTE_MS, 1),
      type: 'conversion',
      label: 'human',
      amount,
    });
  }
}

function addComplaintOrUnsubscribe(
  steps: MessageStep[],
  context: MessageContext,
  deliveredMs: number,
  firstOpenMs: number | undefined,
  random: SeededRandom,
): void {
  const { campaign, contact } = context;
  const disinterest = Math.pow(1 - contact.propensity, 3);
  const surge = activeAnomaly(
    campaign.anomalies,
    'complaint-surge',
    deliveredMs,
  );
  const complaintProbability =
    (0.0002 + 0.001 * disinterest) *
    (surge === undefined ? 1 : surge.intensity);
  if (random.chance(complaintProbability)) {
    const complainedMs =
      deliveredMs +
      random.exponential(surge === undefined ? 5 * HOUR_MS : 40 * MINUTE_MS) +
      30 * SECOND_MS;
    steps.push({
      atMs: complainedMs,
      type: 'email.complained',
      label: 'human',
    });
    // The feedback loop report makes the sender unsubscribe the contact.
    steps.push({
      atMs: complainedMs + random.between(1, 5) * SECOND_MS,
      type: 'email.unsubscribed',
      label: 'human',
      unsubscribeSource: 'esp',
    });
    return;
  }
  if (!random.chance(0.0008 + 0.004 * disinterest)) return;
  if (firstOpenMs !== undefined && random.chance(0.5)) {
    const clickedMs = firstOpenMs + random.between(10, 180) * SECOND_MS;
    const { browserUserAgent: userAgent, ip } = contact;
    steps.push({
      atMs: clickedMs,
      type: 'email.clicked',
      label: 'human',
      userAgent,
      ip,
      method: 'GET',
      linkIndex: UNSUBSCRIBE_LINK,
    });
    steps.push({
      atMs: clickedMs + random.between(5, 60) * SECOND_MS,
      type: 'email.unsubscribed',
      label: 'human',
      unsubscribeSource: 'link',
    });
    return;
  }
  // The mailbox's own unsubscribe button (List-Unsubscribe-Post), no visit to the page.
  const base = firstOpenMs ?? deliveredMs + random.exponential(10 * HOUR_MS);
  steps.push({
    atMs: base + random.between(5, 120) * SECOND_MS,
    type: 'email.unsubscribed',
    label: 'human',
    unsubscribeSource: 'one-click',
  });
}

/** Events that fall in a volume drop never arrive. */
function dropLostSteps(
  steps: MessageStep[],
  anomalies: readonly Anomaly[],
  random: SeededRandom,
): MessageStep[] {
  if (!anomalies.some((a) => a.kind === 'volume-drop')) return steps;
  return steps.filter((step) => {
    const drop = activeAnomaly(anomalies, 'volume-drop', step.atMs);
    return drop === undefined || !random.chance(drop.intensity);
  });
}

function markFirsts(steps: MessageStep[]): void {
  let humanOpen = false;
  let machineOpen = false;
  let anyOpen = false;
  let humanClick = false;
  let machineClick = false;
  let anyClick = false;
  for (const step of steps) {
    if (step.type === 'email.opened') {
      if (step.label === 'human' && !humanOpen) step.first = humanOpen = true;
      if (step.label === 'machine' && !machineOpen)
        step.first = machineOpen = true;
      if (!anyOpen) step.firstAny = anyOpen = true;
    } else if (
      step.type === 'email.clicked' &&
      step.linkIndex !== UNSUBSCRIBE_LINK
    ) {
      if (step.label === 'human' && !humanClick) step.first = humanClick = true;
      if (step.label === 'machine' && !machineClick)
        step.first = machineClick = true;
      if (!anyClick) step.firstAny = anyClick = true;
    }
  }
}
