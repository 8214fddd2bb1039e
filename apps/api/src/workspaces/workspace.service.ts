import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { generateApiKey, hashApiKey, KeyScope } from './api-key';
import type { AuditActor } from './principal';
import { ApiKeySummary, StoredKey, WorkspaceOfUser, WorkspaceRepository } from './workspace.repository';

export interface CreatedWorkspace {
  workspaceId: string;
  ingestKey: string;
  readKey: string;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The key itself, returned once; only its hash is stored. */
  key: string;
}

@Injectable()
export class WorkspaceService {
  /**
   * Key lookups are on every ingest request; a short cache keeps them off the database. A revocation through
   * this process drops the key at once; other processes stop accepting it when their entry expires (30 s).
   */
  private readonly keyCache = new LRUCache<string, StoredKey | 'none'>({ max: 10_000, ttl: 30_000 });

  constructor(private readonly repo: WorkspaceRepository) {}

  /**
   * Creates a workspace with one ingest and one read key; the keys are returned once and stored hashed.
   * With `admin`, that user becomes the workspace's admin; with `actor`, the creation is audited.
   */
  async createWorkspace(name: string, slug: string | null = null, options: { admin?: string; actor?: AuditActor } = {}): Promise<CreatedWorkspace> {
    const ingest = generateApiKey('ingest');
    const read = generateApiKey('read');
    const workspaceId = await this.repo.createWithKeys(
      name,
      slug,
      [
        { scope: 'ingest', hash: ingest.hash, prefix: ingest.prefix, name: 'Default ingest key' },
        { scope: 'read', hash: read.hash, prefix: read.prefix, name: 'Default read key' },
      ],
      options,
    );
    return { workspaceId, ingestKey: ingest.key, readKey: read.key };
  }

  /** A workspace with no keys yet (its admin creates them with `POST /v1/api-keys`); returns its id. */
  createWorkspaceWithoutKeys(name: string, options: { admin?: string; actor?: AuditActor } = {}): Promise<string> {
    return this.repo.createWithKeys(name, null, [], options);
  }

  findBySlug(slug: string) {
    return this.repo.findBySlug(slug);
  }

  findById(id: string) {
    return this.repo.findById(id);
  }

  listForUser(userId: string): Promise<WorkspaceOfUser[]> {
    return this.repo.listForUser(userId);
  }

  /** The key's workspace and scope, or null when the key is unknown or revoked. */
  async resolveKey(key: string): Promise<StoredKey | null> {
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const found = await this.repo.findActiveKey(hash);
    this.keyCache.set(hash, found ?? 'none', found ? undefined : { ttl: 2_000 });
    return found;
  }

  listKeys(workspaceId: string): Promise<ApiKeySummary[]> {
    return this.repo.listKeys(workspaceId);
  }

  async createKey(workspaceId: string, scope: KeyScope, name: string, actor: AuditActor): Promise<CreatedApiKey> {
    const generated = generateApiKey(scope);
    const summary = await this.repo.createKey(workspaceId, { scope, name, hash: generated.hash, prefix: generated.prefix }, actor);
    return { ...summary, key: generated.key };
  }

  /** Revokes the key and forgets it here at once; null when the workspace has no such key. */
  async revokeKey(workspaceId: string, keyId: string, actor: AuditActor): Promise<ApiKeySummary | null> {
    const revoked = await this.repo.revokeKey(workspaceId, keyId, actor);
    if (!revoked) return null;
    this.keyCache.delete(revoked.hash);
    return revoked.key;
  }

  static scopeAllows(held: KeyScope, needed: KeyScope): boolean {
    return held === needed;
  }
}
