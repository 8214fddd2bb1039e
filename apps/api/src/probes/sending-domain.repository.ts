import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import { UnknownWorkspaceError } from './unknown-workspace.error';

export interface SendingDomain {
  domain: string;
  dkimSelectors: string[];
  createdAt: Date;
}

export interface SmtpHost {
  host: string;
  port: number;
  expectStarttls: boolean;
  domain: string | null;
  createdAt: Date;
}

interface DomainRow {
  domain: string;
  dkim_selectors: string[];
  created_at: Date;
}
interface HostRow {
  host: string;
  port: number;
  expect_starttls: boolean;
  domain: string | null;
  created_at: Date;
}

const toDomain = (r: DomainRow): SendingDomain => ({ domain: r.domain, dkimSelectors: r.dkim_selectors, createdAt: r.created_at });
const toHost = (r: HostRow): SmtpHost => ({ host: r.host, port: r.port, expectStarttls: r.expect_starttls, domain: r.domain, createdAt: r.created_at });

/** The sending domains and SMTP hosts each workspace has the probes watch. Every query is scoped by workspace. */
@Injectable()
export class SendingDomainRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Adds the domain, or replaces its selectors; statuses of selectors no longer listed are dropped.
   * @throws UnknownWorkspaceError when the workspace does not exist
   */
  async upsertDomain(workspaceId: string, domain: string, dkimSelectors: string[]): Promise<{ created: boolean; domain: SendingDomain }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<DomainRow & { created: boolean }>(
        `INSERT INTO sending_domains (workspace_id, domain, dkim_selectors) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, domain) DO UPDATE SET dkim_selectors = EXCLUDED.dkim_selectors
         RETURNING domain, dkim_selectors, created_at, (xmax = 0) AS created`,
        [workspaceId, domain, dkimSelectors],
      );
      await client.query(
        `DELETE FROM dns_check_statuses WHERE workspace_id = $1 AND domain = $2 AND record = 'dkim' AND NOT (selector = ANY ($3::text[]))`,
        [workspaceId, domain, dkimSelectors],
      );
      await client.query('COMMIT');
      return { created: rows[0]!.created, domain: toDomain(rows[0]!) };
    } catch (err) {
      await client.query('ROLLBACK');
      if ((err as { code?: string }).code === '23503') throw new UnknownWorkspaceError(workspaceId);
      throw err;
    } finally {
      client.release();
    }
  }

  async listDomains(workspaceId: string): Promise<SendingDomain[]> {
    const { rows } = await this.pool.query<DomainRow>(
      'SELECT domain, dkim_selectors, created_at FROM sending_domains WHERE workspace_id = $1 ORDER BY domain',
      [workspaceId],
    );
    return rows.map(toDomain);
  }

  async domainExists(workspaceId: string, domain: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM sending_domains WHERE workspace_id = $1 AND domain = $2', [workspaceId, domain]);
    return rowCount === 1;
  }

  /** Deletes the domain with its statuses and the SMTP hosts tied to it; false when it was not there. */
  async deleteDomain(workspaceId: string, domain: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM sending_domains WHERE workspace_id = $1 AND domain = $2', [workspaceId, domain]);
    return rowCount === 1;
  }

  async upsertHost(workspaceId: string, host: Omit<SmtpHost, 'createdAt'>): Promise<{ created: boolean; host: SmtpHost }> {
    const { rows } = await this.pool.query<HostRow & { created: boolean }>(
      `INSERT INTO smtp_hosts (workspace_id, host, port, expect_starttls, domain) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, host, port) DO UPDATE SET expect_starttls = EXCLUDED.expect_starttls, domain = EXCLUDED.domain
       RETURNING host, port, expect_starttls, domain, created_at, (xmax = 0) AS created`,
      [workspaceId, host.host, host.port, host.expectStarttls, host.domain],
    );
    return { created: rows[0]!.created, host: toHost(rows[0]!) };
  }

  async listHosts(workspaceId: string): Promise<SmtpHost[]> {
    const { rows } = await this.pool.query<HostRow>(
      'SELECT host, port, expect_starttls, domain, created_at FROM smtp_hosts WHERE workspace_id = $1 ORDER BY host, port',
      [workspaceId],
    );
    return rows.map(toHost);
  }

  /** Deletes the host on `port`, or on every port when none is given; returns how many were deleted. */
  async deleteHost(workspaceId: string, host: string, port: number | null): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM smtp_hosts WHERE workspace_id = $1 AND host = $2 AND ($3::int IS NULL OR port = $3)', [
      workspaceId,
      host,
      port,
    ]);
    return rowCount ?? 0;
  }

  /** Workspaces with at least one sending domain or SMTP host: those a scheduled run probes. */
  async workspacesWithTargets(): Promise<string[]> {
    const { rows } = await this.pool.query<{ workspace_id: string }>(
      'SELECT workspace_id FROM sending_domains UNION SELECT workspace_id FROM smtp_hosts ORDER BY workspace_id',
    );
    return rows.map((r) => r.workspace_id);
  }
}
