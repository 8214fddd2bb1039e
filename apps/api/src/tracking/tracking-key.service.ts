import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { TrackingSecretRepository } from './tracking-secret.repository';
import type { TrackingKey } from './tracking-token';

const NONE = 'none' as const;

/**
 * Workspace tracking keys, cached in memory: verifying a token (every pixel load and click) reads the cache,
 * not the database. Concurrent misses for the same key share one query. Keys never change once written, so
 * cached ones only expire to pick up a retirement or a rotation made by another process.
 */
@Injectable()
export class TrackingKeyService {
  private readonly verification = new LRUCache<string, Buffer | typeof NONE>({ max: 50_000, ttl: 10 * 60_000 });
  private readonly signing = new LRUCache<string, TrackingKey>({ max: 10_000, ttl: 60_000 });
  private readonly pending = new Map<string, Promise<Buffer | null>>();

  constructor(private readonly repo: TrackingSecretRepository) {}

  /** The key new tokens are signed with, created on the workspace's first use. */
  async signingKey(workspaceId: string): Promise<TrackingKey> {
    const cached = this.signing.get(workspaceId);
    if (cached) return cached;
    const key = await this.repo.currentOrCreate(workspaceId);
    this.remember(workspaceId, key);
    return key;
  }

  /** Adds the next key version and signs with it from now on; earlier versions keep verifying. */
  async rotate(workspaceId: string): Promise<TrackingKey> {
    const key = await this.repo.rotate(workspaceId);
    this.remember(workspaceId, key);
    return key;
  }

  /** The secret of one key version, or null when the workspace has no such (active) key. */
  async verificationSecret(workspaceId: string, version: number): Promise<Buffer | null> {
    const id = `${workspaceId}|${version}`;
    const cached = this.verification.get(id);
    if (cached !== undefined) return cached === NONE ? null : cached;
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.repo.find(workspaceId, version).then(
        (secret) => {
          this.pending.delete(id);
          // Unknown keys are remembered briefly, so a flood of forged tokens does not become a flood of queries.
          this.verification.set(id, secret ?? NONE, secret ? undefined : { ttl: 5_000 });
          return secret;
        },
        (err: unknown) => {
          this.pending.delete(id);
          throw err;
        },
      );
      this.pending.set(id, lookup);
    }
    return lookup;
  }

  private remember(workspaceId: string, key: TrackingKey): void {
    this.signing.set(workspaceId, key);
    this.verification.set(`${workspaceId}|${key.version}`, key.secret);
  }
}
