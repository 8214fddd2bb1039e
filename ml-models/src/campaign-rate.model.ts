import { CAMPAIGN_FEATURES, CAMPAIGN_TARGETS } from '@mailpulse/features';
import { directoryHandler } from './artefact-io';
import { tf, tfReady } from './tf-runtime';

/** One training example: a campaign (or part of its audience) before the send, and the rates it then had. */
export interface CampaignSample {
  features: number[];
  /** The audience's own historical rates (`audienceRates`), in CAMPAIGN_TARGETS order. */
  base: number[];
  /** Observed rates, in CAMPAIGN_TARGETS order. */
  target: number[];
}

export interface Standardiser {
  mean: number[];
  std: number[];
}

export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on the weights. */
  l2?: number;
  /** Units of the hidden tanh layer; 0 makes the model linear in the (standardised) features. */
  hiddenUnits?: number;
  seed?: number;
  /** Shuffle the samples every epoch (the default); off makes a training run repeat exactly. */
  shuffle?: boolean;
}

const FLOOR = 1e-4;

/**
 * Campaign rate prediction: a small dense network that corrects the audience's own historical rates. It predicts,
 * per target, log(observed / historical) from the campaign's features (audience history, size, domain mix, send
 * time, subject traits), so an untrained or uncertain network falls back to the audience's history.
 */
export class CampaignRateModel {
  private constructor(
    private readonly model: tf.LayersModel,
    readonly standardiser: Standardiser,
  ) {}

  static async train(samples: readonly CampaignSample[], options: TrainOptions = {}): Promise<CampaignRateModel> {
    await tfReady();
    if (samples.length === 0) throw new Error('no campaign samples to train on');
    const standardiser = fitStandardiser(samples.map((s) => s.features));
    const hidden = options.hiddenUnits ?? 8;
    const l2 = tf.regularizers.l2({ l2: options.l2 ?? 1e-2 });
    const layers: tf.layers.Layer[] = [];
    if (hidden > 0) {
      layers.push(
        tf.layers.dense({
          inputShape: [CAMPAIGN_FEATURES.length],
          units: hidden,
          activation: 'tanh',
          kernelRegularizer: l2,
          kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed ?? 7 }),
        }),
      );
    }
    layers.push(
      tf.layers.dense({
        ...(hidden > 0 ? {} : { inputShape: [CAMPAIGN_FEATURES.length] }),
        units: CAMPAIGN_TARGETS.length,
        kernelInitializer: tf.initializers.zeros(),
        kernelRegularizer: tf.regularizers.l2({ l2: options.l2 ?? 1e-2 }),
      }),
    );
    const model = tf.sequential({ layers });
    model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: 'meanSquaredError' });
    const x = tf.tensor2d(samples.map((s) => standardise(s.features, standardiser)));
    const y = tf.tensor2d(samples.map((s) => s.target.map((t, i) => Math.log(Math.max(t, FLOOR) / Math.max(s.base[i]!, FLOOR)))));
    try {
      await model.fit(x, y, { epochs: options.epochs ?? 200, batchSize: options.batchSize ?? 64, shuffle: options.shuffle ?? true, verbose: 0 });
    } finally {
      x.dispose();
      y.dispose();
    }
    return new CampaignRateModel(model, standardiser);
  }

  /** Predicted rates (CAMPAIGN_TARGETS order) for each (features, base) pair. */
  predict(features: readonly number[][], base: readonly number[][]): number[][] {
    if (features.length === 0) return [];
    const out = tf.tidy(() => this.model.predict(tf.tensor2d(features.map((f) => standardise(f, this.standardiser)))) as tf.Tensor2D);
    const logRatios = out.arraySync();
    out.dispose();
    return logRatios.map((row, i) => row.map((r, j) => Math.min(1, Math.max(0, base[i]![j]! * Math.exp(r)))));
  }

  async save(dir: string): Promise<void> {
    await this.model.save(directoryHandler(dir));
  }

  static async load(dir: string, standardiser: Standardiser): Promise<CampaignRateModel> {
    await tfReady();
    return new CampaignRateModel(await tf.loadLayersModel(directoryHandler(dir)), standardiser);
  }

  dispose(): void {
    this.model.dispose();
  }
}

export function fitStandardiser(rows: readonly number[][]): Standardiser {
  const n = rows.length;
  const width = rows[0]!.length;
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < width; j++) std[j]! += (r[j]! - mean[j]!) ** 2 / n;
  return { mean, std: std.map((v) => Math.max(Math.sqrt(v), MIN_STD)) };
}

/**
 * Features are on unit-like scales; one that barely varied in training (audience size or domain mix within one
 * workspace) gets this spread instead of its own, so a new workspace's different value is not read as many
 * deviations away. Standardised values are also clipped, so nothing far outside the training range dominates.
 */
const MIN_STD = 0.05;
const MAX_Z = 3;

function standardise(row: readonly number[], s: Standardiser): number[] {
  return row.map((v, j) => Math.max(-MAX_Z, Math.min(MAX_Z, (v - s.mean[j]!) / s.std[j]!)));
}
