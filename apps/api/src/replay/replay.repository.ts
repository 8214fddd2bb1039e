import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/database.module';
import { MESSAGE_STATE_COLUMNS, messageStateAggregates } from '../ingestion/message-state-aggregates.sql';

const ROLLUP_COLUMNS = 'workspace_id, bucket, campaign_id, type, variant, recipient_domain, verdict, count, amount';

/** One rollup table's rows for a workspace and range, recomputed from the raw events at `grain`. */
const REBUILD_ROLLUP_SQL = (table: string, grain: string) => `
  INSERT INTO ${table} (${ROLLUP_COLUMNS})
  SELECT workspace_id, date_trunc('${grain}', occurred_at), coalesce(campaign_id, ''), type, coalesce(variant, ''),
         coalesce(recipient_domain, ''), verdict, count(*), coalesce(sum(amount), 0)
    FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3
   GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/** The messages of the workspace with events in the range. */
const TOUCHED_MESSAGES_SQL = `
  SELECT DISTINCT message_id FROM events
   WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND message_id IS NOT NULL AND type LIKE 'email.%'`;

/** Per-message state from all of a message's stored events: the aggregates ingestion accumulates group by group. */
const REBUILD_STATES_SQL = `
  INSERT INTO message_states (${MESSAGE_STATE_COLUMNS})
  SELECT ${messageStateAggregates("properties->>'bounceClass'")}
  FROM events WHERE workspace_id = $1 AND message_id = ANY($2::text[]) AND type LIKE 'email.%'
  GROUP BY workspace_id, message_id`;

export interface ReplayDayResult {
  /** Start of the UTC day, ISO. */
  day: string;
  events: number;
  minuteRows: number;
  hourRows: number;
  dayRows: number;
  messageStates: number;
  /** How long the derived tables were locked, so how long ingestion waited at most, in milliseconds. */
  lockedMs: number;
}

/** Rebuilds derived tables of one workspace from its raw events, one UTC day per transaction. */
@Injectable()
export class ReplayRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** The workspace's own raw-event retention setting in days (null: the default), or undefined when there is no such workspace. */
  async retentionDays(workspaceId: string): Promise<number | null | undefined> {
    const { rows } = await this.pool.query<{ retention_days: number | null }>('SELECT retention_days FROM workspaces WHERE id = $1', [workspaceId]);
    return rows[0] ? rows[0].retention_days : undefined;
  }

  /**
   * Replaces the workspace's minute, hour and day rollups of the UTC day starting at `day`, and the state of every
   * message with events that day, with what its raw events give. Online: the transaction first takes the derived
   * tables in SHARE ROW EXCLUSIVE mode, in the order ingestion's write statement locks them (so the two cannot
   * deadlock). That waits for the event groups being written to commit and holds new ones back until this day is
   * replaced, so every event is counted exactly once: either it is already stored and read here, or its group adds
   * it on top of the rebuilt rows afterwards.
   */
  async rebuildDay(workspaceId: string, day: Date): Promise<ReplayDayResult> {
    const end = new Date(day.getTime() + 86_400_000);
    const range = [workspaceId, day, end];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL TimeZone = 'UTC'`);
      const locked = performance.now();
      await client.query('LOCK TABLE rollups_minute, rollups_hour, rollups_day, message_states IN SHARE ROW EXCLUSIVE MODE');
      const counts = await this.rebuildRollups(client, range);
      const { rows: touched } = await client.query<{ message_id: string }>(TOUCHED_MESSAGES_SQL, range);
      const ids = touched.map((r) => r.message_id);
      await client.query('DELETE FROM message_states WHERE workspace_id = $1 AND message_id = ANY($2::text[])', [workspaceId, ids]);
      const states = await client.query(REBUILD_STATES_SQL, [workspaceId, ids]);
      const { rows: ev } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3', range);
      await client.query('COMMIT');
      const lockedMs = Math.round(performance.now() - locked);
      return { day: day.toISOString(), events: Number(ev[0]!.n), ...counts, messageStates: states.rowCount ?? 0, lockedMs };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async rebuildRollups(client: PoolClient, range: unknown[]): Promise<Pick<ReplayDayResult, 'minuteRows' | 'hourRows' | 'dayRows'>> {
    const out = { minuteRows: 0, hourRows: 0, dayRows: 0 };
    for (const [table, grain, key] of [
      ['rollups_minute', 'minute', 'minuteRows'],
      ['rollups_hour', 'hour', 'hourRows'],
      ['rollups_day', 'day', 'dayRows'],
    ] as const) {
      await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3`, range);
      out[key] = (await client.query(REBUILD_ROLLUP_SQL(table, grain), range)).rowCount ?? 0;
    }
    return out;
  }
}
