import { CAMPAIGN_FEATURES, CAMPAIGN_TARGETS } from '@mailpulse/features';
import { ArtefactStore, CampaignRateModel, type CampaignSample, type ModelCard } from '@mailpulse/ml-models';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/config.schema';
import { ModelRegistry } from './model-registry';

const EMOJI = CAMPAIGN_FEATURES.indexOf('subject.emoji');

/** Tiny data with a known rule: an emoji in the subject lifts every rate by half over the audience's history. */
function samples(n: number): CampaignSample[] {
  return Array.from({ length: n }, (_, i) => {
    const features = CAMPAIGN_FEATURES.map((_, j) => ((i * 7 + j * 3) % 11) / 10);
    features[EMOJI] = i % 2;
    const base = [0.2, 0.4, 0.03, 0.1, 0.01];
    return { features, base, target: base.map((b) => b * (i % 2 ? 1.5 : 1)) };
  });
}

function card(version: string, passed: boolean, standardiser: unknown): ModelCard {
  return {
    kind: 'campaign-rates', version, trainedAt: new Date().toISOString(), trainingSeconds: 1, data: { source: 'test', from: '', to: '' },
    featureSchema: { features: [...CAMPAIGN_FEATURES], targets: [...CAMPAIGN_TARGETS], standardiser }, metrics: {}, goals: {}, passed,
  };
}

describe('campaign model: train → save → load → predict, served by the registry', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mailpulse-models-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('learns the rule, survives a save and load, and the registry serves the newest passing version and keeps the last good one', async () => {
    const trained = await CampaignRateModel.train(samples(64), { epochs: 300, hiddenUnits: 0, l2: 1e-4, learningRate: 0.05, batchSize: 16, shuffle: false });
    const probe = samples(2);
    const before = trained.predict(probe.map((s) => s.features), probe.map((s) => s.base));
    // No emoji: about the history (0.2); emoji: about half again (0.3).
    expect(Math.abs(before[0]![0]! - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(before[1]![0]! - 0.3)).toBeLessThan(0.02);
    expect(before[1]![0]! / before[0]![0]!).toBeGreaterThan(1.35);

    const store = new ArtefactStore(root);
    const good = card('20260101T000000Z', true, trained.standardiser);
    await trained.save(await store.writeCard(good));
    await store.writeCard(card('20260102T000000Z', false, trained.standardiser)); // newer, failed evaluation

    const registry = new ModelRegistry({ ML_MODELS_DIR: root } as AppConfig);
    expect(await registry.reload()).toMatchObject({ 'campaign-rates': '20260101T000000Z' });
    const served = registry.campaignModel()!;
    const after = served.model.predict(probe.map((s) => s.features), probe.map((s) => s.base));
    after.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(before[i]![j]!, 6)));

    // A newer version that passed but whose weights are broken does not replace the good one.
    const broken = card('20260103T000000Z', true, trained.standardiser);
    const dir = await store.writeCard(broken);
    await writeFile(join(dir, 'model.json'), '{"not": "a model"}');
    expect(await registry.reload()).toMatchObject({ 'campaign-rates': '20260101T000000Z' });
    expect(registry.campaignModel()!.served.version).toBe('20260101T000000Z');
    trained.dispose();
    registry.onModuleDestroy();
  });
});
