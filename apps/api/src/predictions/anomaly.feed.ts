import { Injectable, Logger } from '@nestjs/common';
import type { AnomalyRecord } from './anomaly.record';
import { AnomalyRepository } from './anomaly.repository';

export type AnomalyListener = (record: AnomalyRecord) => void | Promise<void>;

/**
 * Where other features (alert rules, the live stream) learn of new anomalies. `subscribe` hears every record the
 * detector inserts in this process, as it inserts it; `since(lastId)` reads the table, which is the way to catch up
 * after a restart or to hear anomalies detected by another API process (the job runs in one process per slot).
 */
@Injectable()
export class AnomalyFeed {
  private readonly logger = new Logger('anomalies');
  private readonly listeners = new Set<AnomalyListener>();

  constructor(private readonly repo: AnomalyRepository) {}

  /** Calls `listener` for each new anomaly; returns the function that stops it. A throwing listener is logged, not fatal. */
  subscribe(listener: AnomalyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Anomalies of every workspace with id > `afterId`, oldest first. */
  since(afterId: number, limit = 500): Promise<AnomalyRecord[]> {
    return this.repo.listAll(afterId, limit);
  }

  async publish(records: readonly AnomalyRecord[]): Promise<void> {
    for (const record of records) {
      for (const listener of this.listeners) {
        try {
          await listener(record);
        } catch (err) {
          this.logger.warn(`an anomaly listener failed on anomaly ${record.id}: ${(err as Error).message}`);
        }
      }
    }
  }
}
