import { Injectable } from '@nestjs/common';
import type {
  DeliverabilityDomain,
  DeliverabilityResponse,
  ThresholdStatus,
} from '@mailpulse/contracts';
import { ratio } from '@mailpulse/metrics';
import { DeliverabilityRepository } from './deliverability.repository';

/** Gmail's bulk-sender guidelines: keep the spam (complaint) rate under 0.1 %, never reach 0.3 %. */
export const GMAIL_COMPLAINT_WARN = 0.001;
export const GMAIL_COMPLAINT_CRITICAL = 0.003;
/** Amazon SES puts an account under review at a 5 % bounce rate or a 0.1 % complaint rate. */
export const SES_BOUNCE_REVIEW = 0.05;
export const SES_COMPLAINT_REVIEW = 0.001;

/** Status of a rate against a warn and a critical level, once there is enough volume to judge. */
export function thresholdStatus(
  rate: number | null,
  volume: number,
  minVolume: number,
  warnAt: number,
  criticalAt: number,
): ThresholdStatus {
  if (volume < minVolume || rate === null) return 'insufficient-volume';
  if (rate >= criticalAt) return 'critical';
  if (rate >= warnAt) return 'warn';
  return 'ok';
}

/**
 * Bounces by class and domain and the complaint rate over a period, judged against Gmail's limits and the SES
 * review levels. Counts are events of the period: bounce rate = bounce events / sent, complaint rate =
 * complaints / delivered. SES counts hard bounces only, so its bounce rate is hard bounces / sent; SES levels
 * warn at half the review level and are critical at it.
 */
@Injectable()
export class DeliverabilityService {
  constructor(private readonly repo: DeliverabilityRepository) {}

  async report(
    workspaceId: string,
    q: { from: Date; to: Date; minVolume: number },
  ): Promise<DeliverabilityResponse> {
    const [counts, bounces] = await Promise.all([
      this.repo.domainCounts(workspaceId, q.from, q.to),
      this.repo.domainBounces(workspaceId, q.from, q.to),
    ]);
    const domains = new Map<string, DeliverabilityDomain>();
    const domain = (name: string) => {
      let d = domains.get(name);
      if (!d)
        domains.set(
          name,
          (d = {
            domain: name,
            sent: 0,
            delivered: 0,
            bounces: { hard: 0, soft: 0, block: 0 },
            bounceRate: null,
            complaints: 0,
            complaintRate: null,
          }),
        );
      return d;
    };
    for (const c of counts)
      Object.assign(domain(c.domain), {
        sent: c.sent,
        delivered: c.delivered,
        complaints: c.complaints,
      });
    for (const b of bounces)
      domain(b.domain).bounces = { hard: b.hard, soft: b.soft, block: b.block };

    const total = {
      sent: 0,
      delivered: 0,
      complaints: 0,
      hard: 0,
      soft: 0,
      block: 0,
    };
    for (const d of domains.values()) {
      d.bounceRate = ratio(
        d.bounces.hard + d.bounces.soft + d.bounces.block,
        d.sent,
      );
      d.complaintRate = ratio(d.complaints, d.delivered);
      total.sent += d.sent;
      total.delivered += d.delivered;
      total.complaints += d.complaints;
      total.hard += d.bounces.hard;
      total.soft += d.bounces.soft;
      total.block += d.bounces.block;
    }
    const bounceTotal = total.hard + total.soft + total.block;
    const complaintRate = ratio(total.complaints, total.delivered);
    const sesBounceRate = ratio(total.hard, total.sent);
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      minVolume: q.minVolume,
      sent: total.sent,
      delivered: total.delivered,
      bounces: {
        hard: total.hard,
        soft: total.soft,
        block: total.block,
        total: bounceTotal,
      },
      bounceRate: ratio(bounceTotal, total.sent),
      complaints: total.complaints,
      complaintRate,
      gmail: {
        complaintRate,
        warnAt: GMAIL_COMPLAINT_WARN,
        criticalAt: GMAIL_COMPLAINT_CRITICAL,
        status: thresholdStatus(
          complaintRate,
          total.delivered,
          q.minVolume,
          GMAIL_COMPLAINT_WARN,
          GMAIL_COMPLAINT_CRITICAL,
        ),
      },
      ses: {
        bounceRate: sesBounceRate,
        complaintRate,
        bounceReviewAt: SES_BOUNCE_REVIEW,
        complaintReviewAt: SES_COMPLAINT_REVIEW,
        bounceStatus: thresholdStatus(
          sesBounceRate,
          total.sent,
          q.minVolume,
          SES_BOUNCE_REVIEW / 2,
          SES_BOUNCE_REVIEW,
        ),
        complaintStatus: thresholdStatus(
          complaintRate,
          total.delivered,
          q.minVolume,
          SES_COMPLAINT_REVIEW / 2,
          SES_COMPLAINT_REVIEW,
        ),
      },
      domains: [...domains.values()]
        .sort((a, b) => b.sent - a.sent || a.domain.localeCompare(b.domain))
        .slice(0, 100),
    };
  }
}
