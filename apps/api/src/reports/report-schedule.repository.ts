import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { ScheduleBody } from './dto/report.dto';

export interface ReportSchedule {
  id: string;
  workspaceId: string;
  name: string;
  cron: string;
  timeZone: string;
  periodDays: number;
  recipients: string[];
  enabled: boolean;
  createdAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", name, cron, time_zone AS "timeZone", period_days AS "periodDays", recipients, enabled, created_at AS "createdAt"`;

/** Scheduled reports: which workspace summary goes to whom, when. Their runs are the job runner's records. */
@Injectable()
export class ReportScheduleRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(workspaceId: string): Promise<ReportSchedule[]> {
    const { rows } = await this.pool.query<ReportSchedule>(`SELECT ${COLUMNS} FROM report_schedules WHERE workspace_id = $1 ORDER BY created_at`, [workspaceId]);
    return rows;
  }

  /** Every enabled schedule of every workspace, for registering their jobs. */
  async listEnabled(): Promise<ReportSchedule[]> {
    const { rows } = await this.pool.query<ReportSchedule>(`SELECT ${COLUMNS} FROM report_schedules WHERE enabled ORDER BY created_at`);
    return rows;
  }

  async get(workspaceId: string, id: string): Promise<ReportSchedule | null> {
    const { rows } = await this.pool.query<ReportSchedule>(`SELECT ${COLUMNS} FROM report_schedules WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] ?? null;
  }

  async create(workspaceId: string, s: ScheduleBody): Promise<ReportSchedule> {
    const { rows } = await this.pool.query<ReportSchedule>(
      `INSERT INTO report_schedules (workspace_id, name, cron, time_zone, period_days, recipients) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [workspaceId, s.name, s.cron, s.timeZone, s.periodDays, s.recipients],
    );
    return rows[0]!;
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM report_schedules WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return rowCount === 1;
  }
}
