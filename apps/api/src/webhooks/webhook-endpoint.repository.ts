import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { SnsSubscriptionMessage } from './parsers/ses.parser';
import type { WebhookVendor } from './webhook-vendor';

export interface StoredEndpoint {
  id: string;
  workspaceId: string;
  vendor: WebhookVendor;
  verification: unknown;
}

export interface StoredSnsMessage {
  endpointId: string;
  type: string;
  messageId: string;
  topicArn: string;
  subscribeUrl: string;
  token: string | null;
  message: string | null;
  sentAt: string | null;
  signingCertUrl: string | null;
  receivedAt: string;
}

@Injectable()
export class WebhookEndpointRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async workspaceExists(workspaceId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM workspaces WHERE id = $1', [workspaceId]);
    return (rowCount ?? 0) > 0;
  }

  async create(workspaceId: string, vendor: WebhookVendor, tokenHash: string, tokenPrefix: string, verification: unknown): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO webhook_endpoints (workspace_id, vendor, token_hash, token_prefix, verification) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [workspaceId, vendor, tokenHash, tokenPrefix, JSON.stringify(verification)],
    );
    return rows[0]!.id;
  }

  async findActiveByTokenHash(tokenHash: string): Promise<StoredEndpoint | null> {
    const { rows } = await this.pool.query<{ id: string; workspace_id: string; vendor: WebhookVendor; verification: unknown }>(
      'SELECT id, workspace_id, vendor, verification FROM webhook_endpoints WHERE token_hash = $1 AND revoked_at IS NULL',
      [tokenHash],
    );
    const row = rows[0];
    return row ? { id: row.id, workspaceId: row.workspace_id, vendor: row.vendor, verification: row.verification } : null;
  }

  /** An active endpoint of the workspace, by id. */
  async findActive(workspaceId: string, endpointId: string): Promise<StoredEndpoint | null> {
    const { rows } = await this.pool.query<{ id: string; workspace_id: string; vendor: WebhookVendor; verification: unknown }>(
      'SELECT id, workspace_id, vendor, verification FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL',
      [workspaceId, endpointId],
    );
    const row = rows[0];
    return row ? { id: row.id, workspaceId: row.workspace_id, vendor: row.vendor, verification: row.verification } : null;
  }

  async updateVerification(workspaceId: string, endpointId: string, verification: unknown): Promise<void> {
    await this.pool.query('UPDATE webhook_endpoints SET verification = $3 WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL', [workspaceId, endpointId, JSON.stringify(verification)]);
  }

  /** Keeps an SNS subscription message once; SNS resends it with the same MessageId. */
  async recordSnsMessage(workspaceId: string, endpointId: string, m: SnsSubscriptionMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_sns_messages (workspace_id, endpoint_id, type, message_id, topic_arn, subscribe_url, token, message, sent_at, signing_cert_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (endpoint_id, message_id) DO NOTHING`,
      [workspaceId, endpointId, m.type, m.messageId, m.topicArn, m.subscribeUrl, m.token, m.message, m.sentAt, m.signingCertUrl],
    );
  }

  async listSnsMessages(workspaceId: string): Promise<StoredSnsMessage[]> {
    const { rows } = await this.pool.query<{
      endpoint_id: string;
      type: string;
      message_id: string;
      topic_arn: string;
      subscribe_url: string;
      token: string | null;
      message: string | null;
      sent_at: Date | null;
      signing_cert_url: string | null;
      received_at: Date;
    }>(
      `SELECT endpoint_id, type, message_id, topic_arn, subscribe_url, token, message, sent_at, signing_cert_url, received_at
       FROM webhook_sns_messages WHERE workspace_id = $1 ORDER BY received_at DESC, id DESC LIMIT 500`,
      [workspaceId],
    );
    return rows.map((r) => ({
      endpointId: r.endpoint_id,
      type: r.type,
      messageId: r.message_id,
      topicArn: r.topic_arn,
      subscribeUrl: r.subscribe_url,
      token: r.token,
      message: r.message,
      sentAt: r.sent_at?.toISOString() ?? null,
      signingCertUrl: r.signing_cert_url,
      receivedAt: r.received_at.toISOString(),
    }));
  }
}
