import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { NotificationEvent } from './alert-message';
import type { ChannelKind, ChannelSettings } from './alert-channel.repository';
import type { Observation, Severity } from './alert-rule';

/** A claimed notification with everything needed to write and send it. */
export interface DueNotification {
  id: number;
  attempts: number;
  event: NotificationEvent;
  channelKind: ChannelKind;
  channelSettings: ChannelSettings;
  incidentId: string;
  workspaceId: string;
  workspaceName: string;
  ruleName: string;
  ruleKind: string;
  subject: string;
  severity: Severity;
  openedAt: Date;
  resolvedAt: Date | null;
  opening: Observation;
  /** The observation this notice reports (at firing, escalation or resolution). */
  latest: Observation;
}

/** The delivery queue of alert notifications: claimed with SKIP LOCKED, so several processes share it. */
@Injectable()
export class AlertNotificationRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Claims up to `limit` due notifications, counting the attempt and leasing them for `leaseSeconds` (a process
   * that dies mid-send leaves them to be retried after the lease).
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<DueNotification[]> {
    const { rows } = await this.pool.query<DueNotification>(
      `WITH claimed AS (
         UPDATE alert_notifications SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
         WHERE id IN (SELECT id FROM alert_notifications WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, attempts, event, incident_id, channel_id, observation
       )
       SELECT c.id, c.attempts, c.event, ch.kind AS "channelKind", ch.settings AS "channelSettings", i.id AS "incidentId",
              i.workspace_id AS "workspaceId", w.name AS "workspaceName", r.name AS "ruleName", r.kind AS "ruleKind", i.subject,
              i.severity, i.opened_at AS "openedAt", i.resolved_at AS "resolvedAt", i.opening, c.observation AS latest
       FROM claimed c
       JOIN alert_channels ch ON ch.id = c.channel_id
       JOIN alert_incidents i ON i.id = c.incident_id
       JOIN alert_rules r ON r.id = i.rule_id
       JOIN workspaces w ON w.id = i.workspace_id
       ORDER BY c.id`,
      [limit, leaseSeconds],
    );
    return rows;
  }

  async markDelivered(id: number): Promise<void> {
    await this.pool.query(`UPDATE alert_notifications SET status = 'delivered', delivered_at = now() WHERE id = $1`, [id]);
  }

  async markRetry(id: number, error: string, delaySeconds: number): Promise<void> {
    await this.pool.query(
      `UPDATE alert_notifications SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 1000), delaySeconds],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query(`UPDATE alert_notifications SET status = 'failed', last_error = $2 WHERE id = $1`, [id, error.slice(0, 1000)]);
  }
}
