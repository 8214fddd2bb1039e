import { Injectable } from '@nestjs/common';
import { BandForecaster, emptyBucket } from '@mailpulse/features';
import type { AnomalyRecord } from './anomaly.record';
import { AnomalyFeed } from './anomaly.feed';
import { AnomalyRepository } from './anomaly.repository';
import type { AnomaliesQuery } from './dto/prediction.dto';
import { ModelRegistry } from './model-registry';
import { PredictionRepository } from './prediction.repository';

const HOUR_MS = 3_600_000;
/** History replayed into the forecaster before scoring a bucket: enough for the level to settle. */
export const ANOMALY_HISTORY_HOURS = 14 * 24;

/**
 * Scores closed hourly buckets. The forecaster's state is rebuilt by replaying the workspace's last two weeks of
 * buckets, so scoring a bucket is a pure function of the stored data: a re-run finds the same anomalies (and the
 * table's unique key keeps them once).
 */
@Injectable()
export class AnomalyDetectionService {
  constructor(
    private readonly data: PredictionRepository,
    private readonly anomalies: AnomalyRepository,
    private readonly models: ModelRegistry,
    private readonly feed: AnomalyFeed,
  ) {}

  /** Scores the hour bucket that closed at or before `slot` for every workspace with recent traffic. */
  async scoreClosedBucket(slot: Date): Promise<{ rows: number }> {
    const bucketStart = new Date(Math.floor(slot.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS);
    let rows = 0;
    for (const ws of await this.data.activeWorkspaces(new Date(bucketStart.getTime() - ANOMALY_HISTORY_HOURS * HOUR_MS), new Date(bucketStart.getTime() + HOUR_MS))) {
      rows += (await this.scoreWorkspaceBucket(ws, bucketStart)).length;
    }
    return { rows };
  }

  /** Scores one workspace's bucket starting at `bucketStart`; returns (and publishes) the anomalies that are new. */
  async scoreWorkspaceBucket(workspaceId: string, bucketStart: Date): Promise<AnomalyRecord[]> {
    const { params, version } = this.models.bandParams();
    const from = new Date(bucketStart.getTime() - ANOMALY_HISTORY_HOURS * HOUR_MS);
    const buckets = new Map((await this.data.hourBuckets(workspaceId, from, new Date(bucketStart.getTime() + HOUR_MS))).map((b) => [b.bucketStart.getTime(), b]));
    const forecaster = new BandForecaster(params);
    let last: ReturnType<BandForecaster['observe']> = [];
    // Every hour is observed, empty ones too: a silent hour is data (no heartbeats is the strongest volume drop).
    for (let t = from.getTime(); t <= bucketStart.getTime(); t += HOUR_MS) {
      const b = buckets.get(t);
      last = b ? forecaster.observe(new Date(t), b.total, b.byDomain) : forecaster.observe(new Date(t), emptyBucket());
    }
    const inserted = await this.anomalies.insertNew(workspaceId, last.filter((s) => s.anomalous), 3600, version);
    await this.feed.publish(inserted);
    return inserted;
  }

  list(workspaceId: string, query: AnomaliesQuery): Promise<AnomalyRecord[]> {
    return this.anomalies.listForWorkspace(workspaceId, query.after, query.limit, {
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      newestFirst: query.order === 'desc',
    });
  }
}
