import { Injectable } from '@nestjs/common';
import { twoProportionZTest } from '@mailpulse/metrics';
import { RecommendationRepository } from './recommendation.repository';

const DAY_MS = 86_400_000;
export const HISTORY_DAYS = 90;
/** Contacts delivered at least this many messages in HISTORY_DAYS without a human open or click count as inactive. */
export const INACTIVE_MIN_MESSAGES = 5;
/** Mailbox providers start filtering above a 0.3 % complaint rate and ask senders to stay under 0.1 %. */
export const COMPLAINT_LIMIT = 0.001;
/** A recommendation to slow down comes at 80 % of the limit. */
export const COMPLAINT_WARNING_SHARE = 0.8;
const COMPLAINT_MIN_DELIVERED = 1000;
const COMPLAINT_WINDOW_DAYS = 7;
const VARIANT_WINDOW_DAYS = 14;

export type RecommendationKind = 'suppress-hard-bounces' | 'suppress-inactive' | 'slow-down-complaints' | 'fix-dns-record' | 'move-send-hour' | 'drop-losing-variant';

export interface Recommendation {
  kind: RecommendationKind;
  priority: 'high' | 'medium' | 'low';
  /** What to do, in words, with the numbers. */
  message: string;
  /** The numbers that triggered it. */
  evidence: Record<string, unknown>;
}

/** Advice from the nightly aggregates and probe results, each with the evidence that triggered it. */
@Injectable()
export class RecommendationService {
  constructor(private readonly repo: RecommendationRepository) {}

  async forWorkspace(workspaceId: string, now = new Date()): Promise<Recommendation[]> {
    const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    const out: Recommendation[] = [];

    const hard = await this.repo.hardBouncedContacts(workspaceId, since, 5);
    if (hard.count > 0) {
      out.push({
        kind: 'suppress-hard-bounces',
        priority: 'high',
        message: `Suppress ${hard.count} contact${hard.count === 1 ? '' : 's'} whose address hard-bounced in the last ${HISTORY_DAYS} days: sending to them again hurts your sender reputation.`,
        evidence: { contacts: hard.count, sample: hard.sample, lastBouncedAt: hard.lastBouncedAt?.toISOString() ?? null, windowDays: HISTORY_DAYS },
      });
    }

    const inactive = await this.repo.inactiveContacts(workspaceId, since, INACTIVE_MIN_MESSAGES, 5);
    if (inactive.count > 0) {
      out.push({
        kind: 'suppress-inactive',
        priority: 'medium',
        message: `Suppress or re-engage ${inactive.count} contact${inactive.count === 1 ? '' : 's'} who received at least ${INACTIVE_MIN_MESSAGES} messages in ${HISTORY_DAYS} days (${inactive.messages} in all) without one human open or click.`,
        evidence: { contacts: inactive.count, messagesDelivered: inactive.messages, minMessages: INACTIVE_MIN_MESSAGES, windowDays: HISTORY_DAYS, sample: inactive.sample },
      });
    }

    const complaintSince = new Date(now.getTime() - COMPLAINT_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10);
    for (const c of await this.repo.complaintsByDomain(workspaceId, complaintSince)) {
      if (c.delivered < COMPLAINT_MIN_DELIVERED) continue;
      const rate = c.complained / c.delivered;
      if (rate < COMPLAINT_LIMIT * COMPLAINT_WARNING_SHARE) continue;
      const where = c.domain ? ` at ${c.domain}` : '';
      out.push({
        kind: 'slow-down-complaints',
        priority: rate >= COMPLAINT_LIMIT ? 'high' : 'medium',
        message: `Slow down${where}: ${c.complained} spam complaints on ${c.delivered} delivered messages in ${COMPLAINT_WINDOW_DAYS} days is ${(rate * 100).toFixed(3)} %, ${rate >= COMPLAINT_LIMIT ? 'above' : 'close to'} the ${(COMPLAINT_LIMIT * 100).toFixed(1)} % providers ask for. Send to engaged contacts first.`,
        evidence: { recipientDomain: c.domain || null, complaints: c.complained, delivered: c.delivered, complaintRate: round(rate), limit: COMPLAINT_LIMIT, windowDays: COMPLAINT_WINDOW_DAYS },
      });
    }

    for (const d of await this.repo.failingDnsChecks(workspaceId)) {
      const record = d.record.toUpperCase() + (d.selector ? ` (selector ${d.selector})` : '');
      out.push({
        kind: 'fix-dns-record',
        priority: 'high',
        message: `Fix the ${record} record of ${d.domain}: the last check found it ${d.status}${d.detail ? ` (${d.detail})` : ''}. Mail failing authentication goes to spam.`,
        evidence: { domain: d.domain, record: d.record, selector: d.selector || null, status: d.status, detail: d.detail, checkedAt: d.checkedAt.toISOString() },
      });
    }

    const sendHours = await this.repo.recentSendHours(workspaceId, since);
    const opens = await this.repo.workspaceOpenHours(workspaceId, since);
    const totalOpens = opens.reduce((a, b) => a + b, 0);
    if (sendHours.length >= 3 && totalOpens >= 100) {
      const usual = mode(sendHours);
      const best = opens.indexOf(Math.max(...opens));
      const gap = Math.min((best - usual + 24) % 24, (usual - best + 24) % 24);
      if (gap >= 2) {
        out.push({
          kind: 'move-send-hour',
          priority: 'low',
          message: `Move campaigns to around ${best}:00 UTC: your contacts' first opens peak then (${pct(opens[best]! / totalOpens)} of them in that hour, ${pct(opens[usual]! / totalOpens)} at ${usual}:00 UTC, when your recent campaigns went out). Per-contact hours: GET /v1/contacts/:id/best-send-time.`,
          evidence: { usualSendHourUtc: usual, bestHourUtc: best, opensAtBestHour: opens[best], opensAtUsualHour: opens[usual], humanOpens: totalOpens, campaignsConsidered: sendHours.length },
        });
      }
    }

    const variants = await this.repo.variantResults(workspaceId, new Date(now.getTime() - VARIANT_WINDOW_DAYS * DAY_MS));
    const byCampaign = new Map<string, typeof variants>();
    for (const v of variants) byCampaign.set(v.campaignId, [...(byCampaign.get(v.campaignId) ?? []), v]);
    for (const [campaignId, vs] of byCampaign) {
      const ranked = [...vs].filter((v) => v.delivered > 0).sort((a, b) => b.humanOpened / b.delivered - a.humanOpened / a.delivered);
      if (ranked.length < 2) continue;
      const best = ranked[0]!;
      const worst = ranked[ranked.length - 1]!;
      const test = twoProportionZTest({ successes: worst.humanOpened, trials: worst.delivered }, { successes: best.humanOpened, trials: best.delivered });
      if (!test?.significant) continue;
      out.push({
        kind: 'drop-losing-variant',
        priority: 'medium',
        message: `Drop variant ${worst.variant} of campaign ${campaignId}: ${pct(worst.humanOpened / worst.delivered)} human opens against ${pct(best.humanOpened / best.delivered)} for ${best.variant} (p = ${test.pValue.toPrecision(2)}).`,
        evidence: {
          campaignId,
          winner: { variant: best.variant, delivered: best.delivered, humanOpened: best.humanOpened },
          loser: { variant: worst.variant, delivered: worst.delivered, humanOpened: worst.humanOpened },
          z: round(test.z),
          pValue: test.pValue,
        },
      });
    }

    const order = { high: 0, medium: 1, low: 2 };
    return out.sort((a, b) => order[a.priority] - order[b.priority]);
  }
}

function mode(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
