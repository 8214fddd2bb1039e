import { Injectable } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';

/**
 * bcrypt (the pure-JavaScript `bcryptjs`, so no native binary can crash the process) at cost 11, about 0.1 s a hash.
 * The password is first reduced to its SHA-256 (base64, 44 characters) so bcrypt's 72-byte limit never silently
 * truncates a long passphrase. The cost is stored in each hash, so raising it later upgrades each user's hash at
 * their next sign-in (`needsRehash`).
 */
const COST = 11;
const prehash = (password: string) => createHash('sha256').update(password, 'utf8').digest('base64');

@Injectable()
export class PasswordHasher {
  /** A hash of a password nobody has, verified against when the address is unknown so both cases take as long. */
  private decoy?: Promise<string>;

  hash(password: string): Promise<string> {
    return bcrypt.hash(prehash(password), COST);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await bcrypt.compare(prehash(password), hash);
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
      return bcrypt.getRounds(hash) < COST;
    } catch {
      return false;
    }
  }
}
