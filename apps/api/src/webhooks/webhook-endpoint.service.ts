import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { SnsSubscriptionMessage } from './parsers/ses.parser';
import { StoredSnsMessage, WebhookEndpointRepository } from './webhook-endpoint.repository';
import { buildVerification, EndpointVerification, parseVerification, settingsGivenBy, VerificationFlags } from './webhook-settings';
import { generateWebhookToken, hashWebhookToken } from './webhook-token';
import type { WebhookVendor } from './webhook-vendor';

export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  vendor: WebhookVendor;
  verification: EndpointVerification;
}

export interface CreatedWebhookEndpoint {
  endpointId: string;
  workspaceId: string;
  vendor: WebhookVendor;
  /** Shown once; only its hash is stored. */
  token: string;
  /** Where the vendor posts: `/v1/webhooks/<vendor>/<token>`. */
  path: string;
}

export class UnknownWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super(`No workspace with id ${workspaceId}`);
  }
}

export class UnknownEndpointError extends Error {
  constructor(
    readonly workspaceId: string,
    readonly endpointId: string,
  ) {
    super(`No active webhook endpoint ${endpointId} in workspace ${workspaceId}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Webhook endpoints (a workspace's token per vendor, with how its requests are verified) and their SNS subscriptions. */
@Injectable()
export class WebhookEndpointService {
  /** Every webhook request resolves its token; a short cache keeps that off the database. */
  private readonly cache = new LRUCache<string, WebhookEndpoint | 'none'>({ max: 10_000, ttl: 30_000 });

  constructor(private readonly repo: WebhookEndpointRepository) {}

  async create(workspaceId: string, verification: EndpointVerification): Promise<CreatedWebhookEndpoint> {
    if (!UUID.test(workspaceId) || !(await this.repo.workspaceExists(workspaceId))) throw new UnknownWorkspaceError(workspaceId);
    const { token, hash, prefix } = generateWebhookToken();
    const endpointId = await this.repo.create(workspaceId, verification.vendor, hash, prefix, verification.settings);
    return { endpointId, workspaceId, vendor: verification.vendor, token, path: `/v1/webhooks/${verification.vendor}/${token}` };
  }

  /**
   * Changes how an existing endpoint's requests are verified (e.g. adds the SNS signing certificate once the
   * subscription's SigningCertURL is known). Each given flag replaces its setting; the others are kept. API
   * processes apply the change within 30 s (their endpoint cache's lifetime). The token stays the same.
   */
  async updateVerification(workspaceId: string, endpointId: string, flags: VerificationFlags): Promise<WebhookEndpoint> {
    if (!UUID.test(workspaceId) || !UUID.test(endpointId)) throw new UnknownEndpointError(workspaceId, endpointId);
    const stored = await this.repo.findActive(workspaceId, endpointId);
    if (!stored) throw new UnknownEndpointError(workspaceId, endpointId);
    const current = parseVerification(stored.vendor, stored.verification);
    const given = buildVerification(stored.vendor, flags);
    const settings = { ...current.settings, ...settingsGivenBy(given, flags) };
    const verification = parseVerification(stored.vendor, settings);
    await this.repo.updateVerification(workspaceId, endpointId, verification.settings);
    return { id: stored.id, workspaceId, vendor: stored.vendor, verification };
  }

  /** An active endpoint of the workspace, read from the database (not the cache). */
  async find(workspaceId: string, endpointId: string): Promise<WebhookEndpoint | null> {
    if (!UUID.test(workspaceId) || !UUID.test(endpointId)) return null;
    const stored = await this.repo.findActive(workspaceId, endpointId);
    return stored ? { id: stored.id, workspaceId, vendor: stored.vendor, verification: parseVerification(stored.vendor, stored.verification) } : null;
  }

  /** The endpoint a token belongs to, or null when it is unknown or revoked. */
  async resolve(token: string): Promise<WebhookEndpoint | null> {
    const hash = hashWebhookToken(token);
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const stored = await this.repo.findActiveByTokenHash(hash);
    const found = stored ? { id: stored.id, workspaceId: stored.workspaceId, vendor: stored.vendor, verification: parseVerification(stored.vendor, stored.verification) } : null;
    this.cache.set(hash, found ?? 'none', found ? undefined : { ttl: 2_000 });
    return found;
  }

  recordSnsMessage(endpoint: WebhookEndpoint, message: SnsSubscriptionMessage): Promise<void> {
    return this.repo.recordSnsMessage(endpoint.workspaceId, endpoint.id, message);
  }

  listSnsMessages(workspaceId: string): Promise<StoredSnsMessage[]> {
    return this.repo.listSnsMessages(workspaceId);
  }
}
