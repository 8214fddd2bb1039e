import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { CreateChannelBody } from './dto/alert-channel.dto';

export type ChannelKind = CreateChannelBody['kind'];

export type ChannelSettings = { recipients: string[] } | { url: string } | { url: string; secret: string };

export interface AlertChannel {
  id: string;
  workspaceId: string;
  kind: ChannelKind;
  name: string;
  settings: ChannelSettings;
  enabled: boolean;
  createdAt: Date;
}

interface ChannelRow {
  id: string;
  workspace_id: string;
  kind: ChannelKind;
  name: string;
  settings: ChannelSettings;
  enabled: boolean;
  created_at: Date;
}

const COLUMNS = 'id, workspace_id, kind, name, settings, enabled, created_at';

function toChannel(r: ChannelRow): AlertChannel {
  return { id: r.id, workspaceId: r.workspace_id, kind: r.kind, name: r.name, settings: r.settings, enabled: r.enabled, createdAt: r.created_at };
}

/** Where a workspace's alerts are sent: email recipients, a Slack incoming webhook, a signed generic webhook. */
@Injectable()
export class AlertChannelRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(workspaceId: string): Promise<AlertChannel[]> {
    const { rows } = await this.pool.query<ChannelRow>(`SELECT ${COLUMNS} FROM alert_channels WHERE workspace_id = $1 ORDER BY created_at`, [workspaceId]);
    return rows.map(toChannel);
  }

  async get(workspaceId: string, id: string): Promise<AlertChannel | null> {
    const { rows } = await this.pool.query<ChannelRow>(`SELECT ${COLUMNS} FROM alert_channels WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async create(workspaceId: string, kind: ChannelKind, name: string, settings: ChannelSettings): Promise<AlertChannel> {
    const { rows } = await this.pool.query<ChannelRow>(
      `INSERT INTO alert_channels (workspace_id, kind, name, settings) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [workspaceId, kind, name, JSON.stringify(settings)],
    );
    return toChannel(rows[0]!);
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM alert_channels WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return rowCount === 1;
  }
}
