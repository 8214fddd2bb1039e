import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { AlertRule } from './alert-rule';
import type { RuleKind } from './dto/alert-rule.dto';

interface RuleRow {
  id: string;
  workspace_id: string;
  name: string;
  kind: RuleKind;
  definition: AlertRule['definition'];
  enabled: boolean;
  cooldown_minutes: number;
  builtin: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, workspace_id, name, kind, definition, enabled, cooldown_minutes, builtin, created_at, updated_at';

function toRule(r: RuleRow): AlertRule {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    kind: r.kind,
    definition: r.definition,
    enabled: r.enabled,
    cooldownMinutes: r.cooldown_minutes,
    builtin: r.builtin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  } as AlertRule;
}

export interface NewRule {
  name: string;
  kind: RuleKind;
  definition: AlertRule['definition'];
  enabled: boolean;
  cooldownMinutes: number;
}

/** Alert rules, always within one workspace (the evaluator alone reads every workspace's enabled rules). */
@Injectable()
export class AlertRuleRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(workspaceId: string): Promise<AlertRule[]> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE workspace_id = $1 ORDER BY created_at, name`, [workspaceId]);
    return rows.map(toRule);
  }

  async get(workspaceId: string, id: string): Promise<AlertRule | null> {
    const { rows } = await this.pool.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** Every enabled rule of every workspace (or of one), for the evaluation. */
  async listEnabled(workspaceId?: string): Promise<AlertRule[]> {
    const { rows } = await this.pool.query<RuleRow>(
      `SELECT ${COLUMNS} FROM alert_rules WHERE enabled AND ($1::uuid IS NULL OR workspace_id = $1) ORDER BY workspace_id, created_at`,
      [workspaceId ?? null],
    );
    return rows.map(toRule);
  }

  async create(workspaceId: string, rule: NewRule): Promise<AlertRule> {
    const { rows } = await this.pool.query<RuleRow>(
      `INSERT INTO alert_rules (workspace_id, name, kind, definition, enabled, cooldown_minutes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [workspaceId, rule.name, rule.kind, JSON.stringify(rule.definition), rule.enabled, rule.cooldownMinutes],
    );
    return toRule(rows[0]!);
  }

  async update(workspaceId: string, id: string, change: Partial<Omit<NewRule, 'kind'>>): Promise<AlertRule | null> {
    const { rows } = await this.pool.query<RuleRow>(
      `UPDATE alert_rules SET
         name = coalesce($3, name),
         definition = coalesce($4::jsonb, definition),
         enabled = coalesce($5, enabled),
         cooldown_minutes = coalesce($6, cooldown_minutes),
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, change.name ?? null, change.definition ? JSON.stringify(change.definition) : null, change.enabled ?? null, change.cooldownMinutes ?? null],
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM alert_rules WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return rowCount === 1;
  }
}
