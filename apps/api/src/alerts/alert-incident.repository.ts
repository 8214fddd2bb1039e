import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { NotificationEvent } from './alert-message';
import type { Observation, Severity } from './alert-rule';
import type { IncidentsQuery } from './dto/alert-history.dto';

export interface OpenIncidentRow {
  id: string;
  subject: string;
  severity: Severity;
  clearSince: Date | null;
}

export interface NotificationView {
  id: number;
  channelId: string;
  channelName: string;
  channelKind: string;
  event: NotificationEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

export interface IncidentView {
  id: string;
  ruleId: string;
  ruleName: string;
  ruleKind: string;
  subject: string;
  status: 'firing' | 'resolved';
  severity: Severity;
  summary: string;
  openedAt: Date;
  resolvedAt: Date | null;
  opening: Observation;
  latest: Observation;
  notifications?: NotificationView[];
}

/**
 * Queues one notification per enabled channel of the incident's workspace for `event`, in the same statement as
 * the incident change (`changed` must return the incident's id and workspace_id), with the observation it reports. A change that touched no row
 * queues nothing, so a second process repeating a transition sends nothing twice.
 */
const QUEUE_NOTIFICATIONS = (event: NotificationEvent, observationParam: string) => `
  INSERT INTO alert_notifications (workspace_id, incident_id, channel_id, event, observation)
  SELECT c.workspace_id, c.id, ch.id, '${event}', ${observationParam}::jsonb FROM changed c
  JOIN alert_channels ch ON ch.workspace_id = c.workspace_id AND ch.enabled
  ON CONFLICT (incident_id, channel_id, event) DO NOTHING`;

const VIEW_COLUMNS = `i.id, i.rule_id AS "ruleId", r.name AS "ruleName", r.kind AS "ruleKind", i.subject, i.status, i.severity, i.summary,
  i.opened_at AS "openedAt", i.resolved_at AS "resolvedAt", i.opening, i.latest`;

/** Incidents (the alert history) and the transitions the evaluator applies to them. */
@Injectable()
export class AlertIncidentRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async openIncidents(workspaceId: string, ruleId: string): Promise<Map<string, OpenIncidentRow>> {
    const { rows } = await this.pool.query<OpenIncidentRow>(
      `SELECT id, subject, severity, clear_since AS "clearSince" FROM alert_incidents WHERE workspace_id = $1 AND rule_id = $2 AND status = 'firing'`,
      [workspaceId, ruleId],
    );
    return new Map(rows.map((r) => [r.subject, r]));
  }

  /** A new firing incident; null when one is already open for the rule and subject. */
  async open(workspaceId: string, ruleId: string, o: Observation, at: Date): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH changed AS (
         INSERT INTO alert_incidents (workspace_id, rule_id, subject, status, severity, opened_at, opening, latest, summary)
         SELECT $1, $2, $3, 'firing', $4, $5, $6, $6, $7
         WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $2 AND workspace_id = $1)
         ON CONFLICT (rule_id, subject) WHERE status = 'firing' DO NOTHING
         RETURNING id, workspace_id
       ), queued AS (${QUEUE_NOTIFICATIONS('firing', '$6')})
       SELECT id FROM changed`,
      [workspaceId, ruleId, o.subject, o.severity, at, JSON.stringify(o), o.summary],
    );
    return rows[0]?.id ?? null;
  }

  async escalate(workspaceId: string, id: string, o: Observation): Promise<void> {
    await this.pool.query(
      `WITH changed AS (
         UPDATE alert_incidents SET severity = 'critical', latest = $3, summary = $4, clear_since = NULL
         WHERE workspace_id = $1 AND id = $2 AND status = 'firing' AND severity = 'warning'
         RETURNING id, workspace_id
       ) ${QUEUE_NOTIFICATIONS('escalated', '$3')}`,
      [workspaceId, id, JSON.stringify(o), o.summary],
    );
  }

  /** Still breached (or cooling down): keeps the latest numbers; `clearSince` starts or cancels the cooldown. */
  async observe(workspaceId: string, id: string, o: Observation, clearSince: Date | null): Promise<void> {
    await this.pool.query(
      `UPDATE alert_incidents SET latest = $3, clear_since = $4 WHERE workspace_id = $1 AND id = $2 AND status = 'firing'`,
      [workspaceId, id, JSON.stringify(o), clearSince],
    );
  }

  async resolve(workspaceId: string, id: string, o: Observation, at: Date): Promise<void> {
    await this.pool.query(
      `WITH changed AS (
         UPDATE alert_incidents SET status = 'resolved', resolved_at = $3, latest = $4
         WHERE workspace_id = $1 AND id = $2 AND status = 'firing'
         RETURNING id, workspace_id
       ) ${QUEUE_NOTIFICATIONS('resolved', '$4')}`,
      [workspaceId, id, at, JSON.stringify(o)],
    );
  }

  async list(workspaceId: string, q: IncidentsQuery): Promise<IncidentView[]> {
    const params: unknown[] = [workspaceId, q.limit];
    const where: string[] = [];
    if (q.status) where.push(`i.status = $${params.push(q.status)}`);
    if (q.ruleId) where.push(`i.rule_id = $${params.push(q.ruleId)}`);
    const { rows } = await this.pool.query<IncidentView>(
      `SELECT ${VIEW_COLUMNS} FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id
       WHERE i.workspace_id = $1${where.map((w) => ` AND ${w}`).join('')}
       ORDER BY i.opened_at DESC, i.id LIMIT $2`,
      params,
    );
    return rows;
  }

  async get(workspaceId: string, id: string): Promise<IncidentView | null> {
    const { rows } = await this.pool.query<IncidentView>(
      `SELECT ${VIEW_COLUMNS} FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id WHERE i.workspace_id = $1 AND i.id = $2`,
      [workspaceId, id],
    );
    const incident = rows[0];
    if (!incident) return null;
    const { rows: notifications } = await this.pool.query<NotificationView>(
      `SELECT n.id, n.channel_id AS "channelId", c.name AS "channelName", c.kind AS "channelKind", n.event, n.status, n.attempts,
              CASE WHEN n.status = 'pending' THEN n.next_attempt_at END AS "nextAttemptAt", n.last_error AS "lastError", n.delivered_at AS "deliveredAt"
       FROM alert_notifications n JOIN alert_channels c ON c.id = n.channel_id
       WHERE n.workspace_id = $1 AND n.incident_id = $2 ORDER BY n.id`,
      [workspaceId, id],
    );
    return { ...incident, notifications };
  }
}
