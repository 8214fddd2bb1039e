import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 30 ms a hash here, and memory that
 * stays bounded when many sign-ins arrive at once. The parameters are stored in each hash, so raising them later
 * upgrades each user's hash at their next sign-in (`needsRehash`).
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** A hash of a password nobody has, verified against when the address is unknown so both cases take as long. */
  private decoy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification without a user, so an unknown address cannot be told from a wrong password. */
  async verifyDecoy(password: string): Promise<false> {
    this.decoy ??= this.hash(`decoy-${Date.now()}-${Math.random()}`);
    await this.verify(await this.decoy, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, OPTIONS);
    } catch {
      return false;
    }
  }
}
