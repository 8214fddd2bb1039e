import { Inject, Injectable, Logger } from '@nestjs/common';
import { aggregateByDay, type Day, summaryFromState } from '@mailpulse/features';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { EtlRepository } from './etl.repository';

const DAY_MS = 86_400_000;

/**
 * The nightly ETL: for the run's slot, recomputes the daily aggregates of the ETL_RECOMPUTE_DAYS days before the
 * slot's UTC day (opens and clicks keep arriving for days after a send). Each (workspace, day) is replaced in one
 * transaction, so a re-run of any slot gives the same rows.
 */
@Injectable()
export class NightlyEtlService {
  private readonly logger = new Logger('etl');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EtlRepository,
  ) {}

  /** The days a run for `slot` recomputes, oldest first. */
  daysFor(slot: Date): Day[] {
    const today = Math.floor(slot.getTime() / DAY_MS) * DAY_MS;
    const days: Day[] = [];
    for (let i = this.config.ETL_RECOMPUTE_DAYS; i >= 1; i--) days.push(new Date(today - i * DAY_MS).toISOString().slice(0, 10));
    return days;
  }

  async runForSlot(slot: Date): Promise<{ rows: number }> {
    const days = this.daysFor(slot);
    const from = new Date(`${days[0]}T00:00:00Z`);
    const to = new Date(Date.parse(`${days[days.length - 1]}T00:00:00Z`) + DAY_MS);
    let rows = 0;
    for (const workspaceId of await this.repo.workspacesWithMail(from, to)) rows += await this.runWorkspace(workspaceId, days);
    return { rows };
  }

  /** Recomputes the given days of one workspace; returns the aggregate rows written. */
  async runWorkspace(workspaceId: string, days: readonly Day[]): Promise<number> {
    let rows = 0;
    for (const day of days) {
      const messages = (await this.repo.messagesSentOn(workspaceId, day)).map(summaryFromState);
      rows += await this.repo.replaceDay(workspaceId, day, aggregateByDay(messages));
    }
    this.logger.debug(`workspace ${workspaceId}: ${rows} aggregate rows for ${days[0]} … ${days[days.length - 1]}`);
    return rows;
  }
}
