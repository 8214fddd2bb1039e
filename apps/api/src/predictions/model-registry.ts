import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { type BandParams, DEFAULT_BAND_PARAMS } from '@mailpulse/features';
import { ArtefactStore, CampaignRateModel, type ModelCard, type Standardiser } from '@mailpulse/ml-models';
import { resolve } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';

export interface SendTimeParams {
  minContactOpens: number;
  minSegmentOpens: number;
  priorOpens: number;
}

const DEFAULT_SEND_TIME: SendTimeParams = { minContactOpens: 3, minSegmentOpens: 30, priorOpens: 2 };

/** Which model version answers, for responses and logs. */
export interface ServedModel {
  kind: string;
  version: string;
  trainedAt: string;
  metrics: Record<string, number>;
}

/**
 * The models the API serves: the newest artefact of each kind (under ML_MODELS_DIR) whose card says it passed its
 * evaluation. `reload()` switches to a newer passing version only when it loads; otherwise, and when no newer
 * version passed, the last good one keeps serving. Without any passing model the services fall back to baselines.
 */
@Injectable()
export class ModelRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('models');
  private readonly store: ArtefactStore;
  private campaign: { model: CampaignRateModel; card: ModelCard } | null = null;
  private band: { params: BandParams; card: ModelCard | null } = { params: DEFAULT_BAND_PARAMS, card: null };
  private sendTime: { params: SendTimeParams; card: ModelCard | null } = { params: DEFAULT_SEND_TIME, card: null };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.store = new ArtefactStore(resolve(config.ML_MODELS_DIR));
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  onModuleDestroy(): void {
    this.campaign?.model.dispose();
  }

  /** Loads newer passing versions; returns the versions now served per kind. */
  async reload(): Promise<Record<string, string | null>> {
    const campaignCard = await this.store.newestPassing('campaign-rates').catch(() => null);
    if (campaignCard && campaignCard.version !== this.campaign?.card.version) {
      try {
        const model = await CampaignRateModel.load(this.store.dirOf('campaign-rates', campaignCard.version), campaignCard.featureSchema['standardiser'] as Standardiser);
        const previous = this.campaign;
        this.campaign = { model, card: campaignCard };
        previous?.model.dispose();
        this.logger.log(`serving campaign-rates ${campaignCard.version}`);
      } catch (err) {
        this.logger.warn(`campaign-rates ${campaignCard.version} did not load (${(err as Error).message}); keeping ${this.campaign?.card.version ?? 'the baseline'}`);
      }
    }
    const bandCard = await this.store.newestPassing('anomaly-band').catch(() => null);
    if (bandCard?.params && bandCard.version !== this.band.card?.version) this.band = { params: bandCard.params as unknown as BandParams, card: bandCard };
    const sendCard = await this.store.newestPassing('send-time').catch(() => null);
    if (sendCard?.params && sendCard.version !== this.sendTime.card?.version) this.sendTime = { params: sendCard.params as unknown as SendTimeParams, card: sendCard };
    return {
      'campaign-rates': this.campaign?.card.version ?? null,
      'anomaly-band': this.band.card?.version ?? null,
      'send-time': this.sendTime.card?.version ?? null,
    };
  }

  campaignModel(): { model: CampaignRateModel; served: ServedModel } | null {
    return this.campaign ? { model: this.campaign.model, served: served(this.campaign.card) } : null;
  }

  bandParams(): { params: BandParams; version: string } {
    return { params: this.band.params, version: this.band.card?.version ?? 'default' };
  }

  sendTimeParams(): { params: SendTimeParams; version: string } {
    return { params: this.sendTime.params, version: this.sendTime.card?.version ?? 'default' };
  }
}

function served(card: ModelCard): ServedModel {
  return { kind: card.kind, version: card.version, trainedAt: card.trainedAt, metrics: card.metrics };
}
