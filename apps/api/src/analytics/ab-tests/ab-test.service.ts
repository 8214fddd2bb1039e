import { Injectable } from '@nestjs/common';
import type {
  AbTestMetric,
  AbTestResponse,
  AbTestVariantResult,
  VariantBreakdown,
} from '@mailpulse/contracts';
import {
  MessageCounts,
  probabilityToBeatControl,
  Proportion,
  remainingSampleSize,
  twoProportionZTest,
  VerdictVariant,
} from '@mailpulse/metrics';
import { ApiErrorCode, ApiException } from '../../common/api.exception';
import { CampaignsService } from '../campaigns/campaigns.service';

/** successes / trials of the compared unique rate. */
export function proportionOf(
  c: MessageCounts,
  metric: AbTestMetric,
  verdict: VerdictVariant,
): Proportion {
  switch (metric) {
    case 'open':
      return { successes: c.opens[verdict].unique, trials: c.delivered };
    case 'click':
      return { successes: c.clicks[verdict].unique, trials: c.delivered };
    case 'clickToOpen':
      return {
        successes: c.clicks[verdict].unique,
        trials: c.opens[verdict].unique,
      };
    case 'conversion':
      return {
        successes: Math.min(c.conversions, c.delivered),
        trials: c.delivered,
      };
  }
}

export interface AbTestOptions {
  metric: AbTestMetric;
  verdict: VerdictVariant;
  control?: string;
  confidence: number;
  lift: number;
  power: number;
}

/** Compares each variant of a campaign with the control: rates, z-test, P(beat control), sample size still needed. */
export function analyseVariants(
  campaignId: string,
  variants: VariantBreakdown[],
  o: AbTestOptions,
): AbTestResponse {
  if (variants.length === 0)
    throw new ApiException(
      404,
      ApiErrorCode.NotFound,
      `Campaign ${campaignId} has no variants`,
      'id',
    );
  const control = o.control ?? variants[0]!.variant;
  const controlRow = variants.find((v) => v.variant === control);
  if (!controlRow)
    throw new ApiException(
      400,
      ApiErrorCode.InvalidBody,
      `control: campaign ${campaignId} has no variant ${control} (it has ${variants.map((v) => v.variant).join(', ')})`,
      'control',
    );
  const c = proportionOf(controlRow.counts, o.metric, o.verdict);

  const results: AbTestVariantResult[] = variants.map((v) => {
    const p = proportionOf(v.counts, o.metric, o.verdict);
    const isControl = v.variant === control;
    const z = isControl ? null : twoProportionZTest(c, p, o.confidence);
    return {
      variant: v.variant,
      isControl,
      trials: p.trials,
      successes: p.successes,
      rate: p.trials > 0 ? p.successes / p.trials : null,
      counts: v.counts,
      rates: v.rates,
      zTest: z && {
        difference: z.difference,
        relativeLift: z.relativeLift,
        z: z.z,
        pValue: z.pValue,
        confidenceInterval: z.confidenceInterval,
        significant: z.significant,
      },
      probabilityToBeatControl:
        isControl || p.trials === 0 || c.trials === 0
          ? null
          : probabilityToBeatControl(c, p),
    };
  });

  const baseline = c.trials > 0 ? c.successes / c.trials : 0;
  let sampleSize: AbTestResponse['sampleSize'] = {
    lift: o.lift,
    power: o.power,
    perVariant: null,
    remaining: null,
  };
  if (baseline > 0 && baseline * (1 + o.lift) < 1) {
    const s = remainingSampleSize(
      {
        baselineRate: baseline,
        relativeLift: o.lift,
        alpha: 1 - o.confidence,
        power: o.power,
      },
      results.map((r) => r.trials),
    );
    sampleSize = {
      lift: o.lift,
      power: o.power,
      perVariant: s.perVariant,
      remaining: s.remaining,
    };
  }
  return {
    campaignId,
    metric: o.metric,
    verdict: o.verdict,
    confidenceLevel: o.confidence,
    control,
    variants: results,
    sampleSize,
  };
}

@Injectable()
export class AbTestService {
  constructor(private readonly campaigns: CampaignsService) {}

  async abTest(
    workspaceId: string,
    campaignId: string,
    o: AbTestOptions,
  ): Promise<AbTestResponse> {
    const detail = await this.campaigns.detail(
      workspaceId,
      campaignId,
      o.verdict,
    );
    return analyseVariants(campaignId, detail.variants, o);
  }
}
