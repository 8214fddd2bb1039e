import type { TrackingSecretRepository } from './tracking-secret.repository';
import { TrackingKeyService } from './tracking-key.service';
import type { TrackingKey } from './tracking-token';

const WS = '0b7c7a2e-5d7b-4d55-9a52-0f3c2c7e9a11';

/** An in-memory stand-in that counts lookups: this spec is about the cache in front of the table. */
class CountingSecrets {
  finds = 0;
  creates = 0;
  readonly keys = new Map<string, TrackingKey[]>();

  async find(workspaceId: string, version: number): Promise<Buffer | null> {
    this.finds++;
    await new Promise((r) => setTimeout(r, 5));
    return this.keys.get(workspaceId)?.find((k) => k.version === version)?.secret ?? null;
  }
  async currentOrCreate(workspaceId: string): Promise<TrackingKey> {
    this.creates++;
    const list = this.keys.get(workspaceId) ?? [];
    if (!list.length) list.push({ version: 1, secret: Buffer.alloc(32, 1) });
    this.keys.set(workspaceId, list);
    return list[list.length - 1]!;
  }
  async rotate(workspaceId: string): Promise<TrackingKey> {
    const list = this.keys.get(workspaceId) ?? [];
    list.push({ version: list.length + 1, secret: Buffer.alloc(32, list.length + 1) });
    this.keys.set(workspaceId, list);
    return list[list.length - 1]!;
  }
}

describe('TrackingKeyService', () => {
  let repo: CountingSecrets;
  let service: TrackingKeyService;
  beforeEach(() => {
    repo = new CountingSecrets();
    service = new TrackingKeyService(repo as unknown as TrackingSecretRepository);
  });

  it('looks a verification key up once: concurrent misses share the query, later hits use the cache', async () => {
    repo.keys.set(WS, [{ version: 1, secret: Buffer.alloc(32, 1) }]);
    const first = await Promise.all(Array.from({ length: 100 }, () => service.verificationSecret(WS, 1)));
    expect(first.every((s) => s?.equals(Buffer.alloc(32, 1)))).toBe(true);
    for (let i = 0; i < 1000; i++) await service.verificationSecret(WS, 1);
    expect(repo.finds).toBe(1);
  });

  it('remembers an unknown key briefly, so forged tokens do not each cost a query', async () => {
    expect(await service.verificationSecret(WS, 9)).toBeNull();
    expect(await service.verificationSecret(WS, 9)).toBeNull();
    expect(repo.finds).toBe(1);
  });

  it('passes a failed lookup on and does not cache it', async () => {
    const failing = { find: jest.fn().mockRejectedValueOnce(new Error('connection refused')).mockResolvedValue(Buffer.alloc(32, 3)) };
    const s = new TrackingKeyService(failing as unknown as TrackingSecretRepository);
    await expect(s.verificationSecret(WS, 1)).rejects.toThrow('connection refused');
    expect(await s.verificationSecret(WS, 1)).toEqual(Buffer.alloc(32, 3));
  });

  it('creates the signing key once and can verify with it without a lookup', async () => {
    const key = await service.signingKey(WS);
    expect(await service.signingKey(WS)).toBe(key);
    expect(repo.creates).toBe(1);
    expect(await service.verificationSecret(WS, key.version)).toEqual(key.secret);
    expect(repo.finds).toBe(0);
  });

  it('signs with the new version after a rotation', async () => {
    await service.signingKey(WS);
    const rotated = await service.rotate(WS);
    expect(rotated.version).toBe(2);
    expect(await service.signingKey(WS)).toEqual(rotated);
  });
});
