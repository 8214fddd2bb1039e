import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { generateApiKey, hashApiKey, KeyScope } from './api-key';
import { StoredKey, WorkspaceRepository } from './workspace.repository';

export interface CreatedWorkspace {
  workspaceId: string;
  ingestKey: string;
  readKey: string;
}

@Injectable()
export class WorkspaceService {
  /** Key lookups are on every ingest request; a short cache keeps them off the database. */
  private readonly keyCache = new LRUCache<string, StoredKey | 'none'>({ max: 10_000, ttl: 30_000 });

  constructor(private readonly repo: WorkspaceRepository) {}

  /** Creates a workspace with one ingest and one read key; the keys are returned once and stored hashed. */
  async createWorkspace(name: string, slug: string | null = null): Promise<CreatedWorkspace> {
    const ingest = generateApiKey('ingest');
    const read = generateApiKey('read');
    const workspaceId = await this.repo.createWithKeys(name, slug, [
      { scope: 'ingest', hash: ingest.hash, prefix: ingest.prefix },
      { scope: 'read', hash: read.hash, prefix: read.prefix },
    ]);
    return { workspaceId, ingestKey: ingest.key, readKey: read.key };
  }

  findBySlug(slug: string) {
    return this.repo.findBySlug(slug);
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

  static scopeAllows(held: KeyScope, needed: KeyScope): boolean {
    return held === needed;
  }
}
