import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { SYSTEM_ACTOR, type AuditActor } from '../workspaces/principal';
import { effectiveRetentionDays, planRetention } from './retention-plan';
import { RetentionRepository } from './retention.repository';

/** What a workspace keeps: its own setting (null follows the default), the days that apply, and the default. */
export interface RetentionSetting {
  retentionDays: number | null;
  effectiveDays: number;
  defaultDays: number;
}

export interface RetentionRunResult {
  /** Daily partitions dropped whole (every workspace's horizon had passed them). */
  partitionsDropped: string[];
  /** Raw events deleted row by row, per workspace (only workspaces that lost any). */
  eventsDeleted: Record<string, number>;
  workspacesChecked: number;
}

/**
 * Retention of raw events per workspace. Rollups are never touched, so reports over old periods keep their
 * counts; what goes is the per-event detail (and with it contact data) older than the workspace's horizon.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('retention');

  constructor(
    private readonly repository: RetentionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getSetting(workspaceId: string): Promise<RetentionSetting> {
    const found = await this.repository.getSetting(workspaceId);
    if (!found) throw new ApiException(404, ApiErrorCode.NotFound, 'No such workspace');
    return this.describe(found.retentionDays);
  }

  async setSetting(workspaceId: string, retentionDays: number | null, actor: AuditActor): Promise<RetentionSetting> {
    const done = await this.repository.setSetting(workspaceId, retentionDays, actor);
    if (!done) throw new ApiException(404, ApiErrorCode.NotFound, 'No such workspace');
    return this.describe(retentionDays);
  }

  /**
   * Deletes raw events (and sent notification messages) past each workspace's horizon and drops partitions past
   * every horizon. Safe to repeat.
   */
  async run(now = Date.now(), actor: AuditActor = SYSTEM_ACTOR): Promise<RetentionRunResult> {
    const [settings, partitions] = await Promise.all([this.repository.listSettings(), this.repository.listEventPartitions()]);
    const plan = planRetention(settings, partitions, this.config.RETENTION_DEFAULT_DAYS, now);
    for (const partition of plan.partitionsToDrop) {
      await this.repository.dropEventPartition(partition);
      this.logger.log(`dropped event partition ${partition.name}: every workspace's retention has passed it`);
    }
    const eventsDeleted: Record<string, number> = {};
    for (const [workspaceId, horizon] of plan.horizons) {
      const deleted = await this.repository.deleteEventsBefore(workspaceId, horizon);
      const notificationsDeleted = await this.repository.deleteNotificationsBefore(workspaceId, horizon);
      if (deleted > 0) eventsDeleted[workspaceId] = deleted;
      if (deleted === 0 && notificationsDeleted === 0) continue;
      await this.repository.recordPurge(
        workspaceId,
        { before: horizon.toISOString(), eventsDeleted: deleted, ...(notificationsDeleted > 0 ? { notificationsDeleted } : {}) },
        actor,
      );
    }
    return { partitionsDropped: plan.partitionsToDrop.map((p) => p.name), eventsDeleted, workspacesChecked: settings.length };
  }

  private describe(retentionDays: number | null): RetentionSetting {
    const defaultDays = this.config.RETENTION_DEFAULT_DAYS;
    return { retentionDays, effectiveDays: effectiveRetentionDays(retentionDays, defaultDays), defaultDays };
  }
}
